import type { Frame } from '../frames/frame.js';
import type { FrameDirection } from './frame-direction.js';
import { FrameProcessor, type FrameProcessorSetup } from './frame-processor.js';

/** Entry of a pipeline: forwards downstream frames in, upstream frames out. Adds no queue. */
class PipelineSource extends FrameProcessor {
  readonly #pipeline: Pipeline;
  constructor(pipeline: Pipeline) {
    super({ name: `${pipeline.name}::source` });
    this.#pipeline = pipeline;
  }
  override queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (direction === 'downstream') this.pushFrame(frame, direction);
    else this.#pipeline.pushFrame(frame, direction);
  }
}

/** Exit of a pipeline: forwards downstream frames out, upstream frames in. Adds no queue. */
class PipelineSink extends FrameProcessor {
  readonly #pipeline: Pipeline;
  constructor(pipeline: Pipeline) {
    super({ name: `${pipeline.name}::sink` });
    this.#pipeline = pipeline;
  }
  override queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (direction === 'downstream') this.#pipeline.pushFrame(frame, direction);
    else this.pushFrame(frame, direction);
  }
}

/**
 * Processors linked in a row: frames pushed downstream by one reach the next. A pipeline is a
 * processor itself, so pipelines nest.
 *
 * ```ts
 * const pipeline = new Pipeline([transport.input(), echo, transport.output()]);
 * ```
 */
export class Pipeline extends FrameProcessor {
  readonly processors: readonly FrameProcessor[];
  readonly #source: PipelineSource;
  readonly #sink: PipelineSink;

  constructor(processors: readonly FrameProcessor[], options: { name?: string } = {}) {
    super({ name: options.name ?? 'Pipeline' });
    if (new Set(processors).size !== processors.length) {
      throw new Error('a processor can appear only once in a pipeline');
    }
    this.processors = Object.freeze([...processors]);
    this.#source = new PipelineSource(this);
    this.#sink = new PipelineSink(this);
    let current: FrameProcessor = this.#source;
    for (const processor of this.processors) current = current.link(processor);
    current.link(this.#sink);
  }

  /** Sets up every processor at once; rejects when one fails. */
  override async setup(setup: FrameProcessorSetup): Promise<void> {
    await super.setup(setup);
    await Promise.all(this.processors.map(async (processor) => processor.setup(setup)));
  }

  /** Cleans up every processor, even when some throw (their errors are logged). */
  override async cleanup(): Promise<void> {
    await super.cleanup();
    // `async` turns a synchronous throw into a rejection, so one failure cannot skip the rest.
    const results = await Promise.allSettled(
      this.processors.map(async (processor) => processor.cleanup()),
    );
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger.error(
          { processor: this.processors[index]?.name, err: result.reason },
          'error while cleaning up a processor',
        );
      }
    });
  }

  override queueFrame(frame: Frame, direction: FrameDirection = 'downstream'): void {
    if (direction === 'downstream') this.#source.queueFrame(frame, direction);
    else this.#sink.queueFrame(frame, direction);
  }
}

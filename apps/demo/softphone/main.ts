/**
 * The softphone page: wires the call button, keypad, mute and keyboard shortcuts to a
 * `SoftphoneCall`, and shows call state, levels, who is speaking and call details.
 * `window.softphone` exposes the call for tests and curious users.
 */
import { TELEPHONE_SAMPLE_RATE } from './audio/worklet-messages.js';
import { type CallState, SoftphoneCall, type SoftphoneCallStats } from './softphone-call.js';

const KEYPAD_KEYS = '0123456789*#';
/** How often call details refresh, in milliseconds. */
const DETAILS_REFRESH_MS = 250;
/** Lines kept in the call log. */
const LOG_LINES_KEPT = 200;

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const phone = element('phone');
const status = element('status');
const message = element('message');
const callButton = element<HTMLButtonElement>('call');
const callLabel = element('call-label');
const muteButton = element<HTMLButtonElement>('mute');
const meter = element('meter');
const timer = element('timer');
const callerParty = element('caller');
const botParty = element('bot');
const callerActivity = element('caller-activity');
const botActivity = element('bot-activity');
const log = element<HTMLOListElement>('log');
const keypadButtons = Array.from(element('keypad').querySelectorAll<HTMLButtonElement>('button'));

const STATUS_TEXT: Record<CallState | 'idle', string> = {
  idle: 'Ready',
  connecting: 'Connecting…',
  'in-call': 'In call',
  ended: 'Call ended',
};

let call: SoftphoneCall | undefined;
let callStartedAt = 0;
let timerHandle: number | undefined;
let detailsHandle: number | undefined;

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/softphone/ws`;
}

function seconds(samples: number): string {
  return `${(samples / TELEPHONE_SAMPLE_RATE).toFixed(1)} s`;
}

function addLogLine(text: string): void {
  const item = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString([], { hour12: false });
  item.append(time, text);
  log.append(item);
  while (log.childElementCount > LOG_LINES_KEPT) log.firstElementChild?.remove();
  log.scrollTop = log.scrollHeight;
}

function showMessage(text: string, isError = false): void {
  message.textContent = text;
  message.classList.toggle('error', isError);
}

function setKeypadEnabled(enabled: boolean): void {
  for (const button of keypadButtons) button.disabled = !enabled;
}

function showState(state: CallState | 'idle', detail?: string): void {
  phone.dataset.state = state;
  status.textContent = STATUS_TEXT[state];
  const active = state === 'connecting' || state === 'in-call';
  callButton.classList.toggle('hang-up', active);
  callLabel.textContent = active ? 'Hang up' : 'Call';
  muteButton.disabled = !active;
  setKeypadEnabled(state === 'in-call');
  if (state === 'connecting') showMessage('Allow the microphone if the browser asks…');
  if (state === 'in-call') {
    showMessage('Say something: the bot listens, then says it back. Press # to hang up.');
    callStartedAt = performance.now();
    timerHandle = window.setInterval(updateTimer, 500);
  }
  if (state === 'ended') {
    window.clearInterval(timerHandle);
    const expected = detail === 'You hung up.' || detail === 'The bot hung up.';
    showMessage(`${detail ?? 'Call ended.'} Press Call to call again.`, !expected);
    muteButton.setAttribute('aria-pressed', 'false');
  }
}

function updateTimer(): void {
  const elapsed = Math.floor((performance.now() - callStartedAt) / 1000);
  const minutes = String(Math.floor(elapsed / 60)).padStart(2, '0');
  timer.textContent = `${minutes}:${String(elapsed % 60).padStart(2, '0')}`;
}

function showStats(stats: SoftphoneCallStats): void {
  element('stat-sent').textContent = seconds(stats.mediaSent * 160);
  element('stat-heard').textContent = seconds(stats.consumedSamples);
  element('stat-buffered').textContent =
    `${Math.round((stats.bufferedSamples * 1000) / TELEPHONE_SAMPLE_RATE)} ms`;
  element('stat-marks').textContent = `${stats.marksAnswered}/${stats.marksReceived}`;
  element('stat-clears').textContent = String(stats.clears);
  element('stat-errors').textContent = String(stats.protocolErrors.length);
}

async function startCall(): Promise<void> {
  if (call && call.state !== 'ended') return;
  timer.textContent = '00:00';
  const current = new SoftphoneCall({
    url: socketUrl(),
    customParameters: { caller: 'web softphone' },
    workletBaseUrl: new URL('./audio', import.meta.url).href,
    voiceProcessing: new URLSearchParams(location.search).get('voice-processing') !== 'off',
    listener: {
      state: (state, detail) => {
        showState(state, detail);
        if (state === 'ended') {
          window.clearInterval(detailsHandle);
          showStats(current.stats);
        }
      },
      microphoneLevel: (level) => {
        meter.style.transform = `scaleX(${level.toFixed(3)})`;
      },
      speaking: (caller, bot) => {
        callerParty.classList.toggle('speaking', caller);
        botParty.classList.toggle('speaking', bot);
        callerActivity.textContent = caller ? 'speaking' : current.muted ? 'muted' : 'listening';
        botActivity.textContent = bot ? 'speaking' : 'listening';
      },
      log: addLogLine,
    },
  });
  call = current;
  detailsHandle = window.setInterval(() => showStats(current.stats), DETAILS_REFRESH_MS);
  await current.start();
}

function pressKey(key: string): void {
  if (call?.state !== 'in-call') return;
  call.sendDigit(key);
  const button = keypadButtons.find((candidate) => candidate.dataset.key === key);
  button?.classList.add('pressed');
  window.setTimeout(() => button?.classList.remove('pressed'), 140);
}

function toggleMute(): void {
  if (!call || call.state === 'ended') return;
  call.setMuted(!call.muted);
  muteButton.setAttribute('aria-pressed', String(call.muted));
  callerActivity.textContent = call.muted ? 'muted' : 'listening';
}

callButton.addEventListener('click', () => {
  if (call && call.state !== 'ended') call.hangUp();
  else void startCall();
});
muteButton.addEventListener('click', toggleMute);
element('clear-log').addEventListener('click', () => log.replaceChildren());
for (const button of keypadButtons) {
  button.addEventListener('click', () => pressKey(button.dataset.key ?? ''));
}
document.addEventListener('keydown', (event) => {
  if (event.repeat || event.metaKey || event.ctrlKey || event.altKey) return;
  if (KEYPAD_KEYS.includes(event.key)) pressKey(event.key);
  else if (event.key === 'Enter' && (!call || call.state === 'ended')) void startCall();
  else if (event.key === 'Escape') call?.hangUp();
  else if (event.key === 'm' || event.key === 'M') toggleMute();
});
showState('idle');
setKeypadEnabled(false);

/** What `window.softphone` offers to tests and to the browser console. */
export interface SoftphoneDebugApi {
  /** Starts a call, as the Call button does. */
  call(): Promise<void>;
  /** Hangs up, as the Hang up button does. */
  hangUp(): void;
  /** Sends a keypad key. */
  press(key: string): void;
  /** The call's state, or `idle` before the first call. */
  state(): CallState | 'idle';
  /** The current call's counters. */
  stats(): SoftphoneCallStats | undefined;
  /** Bot audio received in the current call: 8 kHz PCM16, little-endian, base64. */
  receivedAudioBase64(): string;
}

const debugApi: SoftphoneDebugApi = {
  call: startCall,
  hangUp: () => call?.hangUp(),
  press: pressKey,
  state: () => call?.state ?? 'idle',
  stats: () => (call ? structuredClone(call.stats) : undefined),
  receivedAudioBase64: () => {
    const audio = call?.receivedAudio() ?? new Int16Array(0);
    const bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
    let binary = '';
    for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]!);
    return btoa(binary);
  },
};
(window as unknown as { softphone: SoftphoneDebugApi }).softphone = debugApi;

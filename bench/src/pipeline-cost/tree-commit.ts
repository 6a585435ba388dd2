import { execFileSync } from 'node:child_process';

/** The commit checked out at `root` (`git rev-parse HEAD`, read only), or `unknown`. */
export function treeCommit(root: string): string {
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return commit || 'unknown';
  } catch {
    return 'unknown';
  }
}

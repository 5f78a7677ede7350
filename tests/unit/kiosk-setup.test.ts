import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'deploy/kiosk/setup-kiosk.sh');
const run = (...args: string[]) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });

describe('deploy/kiosk/setup-kiosk.sh', () => {
  it('refuses to touch the machine without a wall link, and says what it needs', () => {
    for (const args of [[], ['https://floor.example/supervisor'], ['not a url']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage: .*\/wall\?display=/);
    }
  });

  it('installs the CJK font with the browser (a zh-CN wall is boxes without it) and checks fontconfig lists it', () => {
    const text = readFileSync(SCRIPT, 'utf8');
    expect(text).toMatch(/^apt-get install .*"\$browser" fonts-noto-cjk$/m);
    expect(text).toMatch(/fc-list \| grep -qi 'noto sans cjk'/);
    expect(spawnSync('bash', ['-n', SCRIPT]).status).toBe(0);
  });
});

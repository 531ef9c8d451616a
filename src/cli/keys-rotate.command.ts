import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditKeys } from '../crypto/audit-keys.js';
import { FILE_CHECK_MS } from '../crypto/key-ring.js';
import { KeyRotation } from '../crypto/key-rotation.js';
import { loadMasterKeys, masterKeyId, writeMasterKeys } from '../crypto/master-key.js';
import { withAppContext } from './app-context.js';
import type { Command } from './command.js';
import { Progress } from './progress.js';

/**
 * With the key file: puts a new master key first (running instances pick it up within seconds),
 * re-wraps every data key under it, then drops the old key. With MASTER_KEY: re-wraps everything
 * under MASTER_KEY, the old key being given in MASTER_KEY_PREVIOUS meanwhile.
 */
export const keysRotate: Command = {
  usage: 'keys:rotate',
  summary: 're-wrap every data key under a new master key (content is not re-encrypted) and start a new audit key version',
  async run(_args, config) {
    if (!config.masterKey) {
      const newKey = randomBytes(32);
      writeMasterKeys(config.dataDir, [newKey, ...loadMasterKeys(config).map((k) => k.key)]);
      process.stdout.write(`new master key ${masterKeyId(newKey)} written first in the key file\n`);
      await sleep(FILE_CHECK_MS + 1000);
    }
    const progress = new Progress('re-wrapped');
    const { rewrapped, auditKey } = await withAppContext(config, async (app) => ({
      rewrapped: await app.get(KeyRotation).rewrapAll((n) => n > 500 && progress.update(n)),
      // Audit links made from now on use a new key; older entries keep naming (and using) theirs.
      auditKey: await app.get(AuditKeys).addVersion(),
    }));
    // Progress only past the first batch: a small rotation prints its one result line alone.
    if (rewrapped > 500) progress.finish(rewrapped);
    if (!config.masterKey) writeMasterKeys(config.dataDir, [loadMasterKeys(config)[0].key]);
    process.stdout.write(`${rewrapped} keys re-wrapped under ${loadMasterKeys(config)[0].id}; audit key version ${auditKey} in use\n`);
    return 0;
  },
};

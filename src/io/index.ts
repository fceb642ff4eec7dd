export { writeFileAtomic, writeFileAtomicSync, commitFileAtomic, tempPathFor, removeOrphanTempFiles, isProcessAlive } from './atomic-write.js';
export { acquireLock, withLock, readLock, type LockContent, type LockOptions, type HeldLock } from './lock-file.js';

export { writeFileAtomic, writeFileAtomicSync, commitFileAtomic, tempPathFor, removeOrphanTempFiles, isOrphanTemp } from './atomic-write.js';
export { acquireLock, withLock, readLock, removeStaleLock, type LockContent, type LockOptions, type HeldLock } from './lock-file.js';
export { LockBusyError } from './lock-busy-error.js';
export { lockWaitMs, LOCK_WAIT_VARIABLE, DEFAULT_LOCK_WAIT_MS } from './lock-wait.js';
export { isProcessAlive, bootId, processStartTicks } from './process-identity.js';
export { sweepLeftovers, type SweepTarget, type SweptLeftovers } from './sweep-leftovers.js';

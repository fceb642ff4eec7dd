import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectQueueStatus, DEFAULT_QUEUE_SETTINGS, startResearchWorker, type ResearchWorker } from '../../../src/workers/queue/index.js';
import { QUEUE_NAME } from '../../../src/workers/queue/queue-names.js';
import { freePort, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

describe('the queue in scalp status', () => {
  let server: RedisServer;
  let worker: ResearchWorker | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await worker?.close(true);
    await server.stop();
  });

  it('counts waiting jobs and names no worker while none is connected', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { url: server.url } });
    await queue.add('candidate', { item: 'waits for a worker' }, { jobId: 'candidate-waiting', attempts: 1 });
    await queue.close();
    expect(await collectQueueStatus(server.url)).toMatchObject({ url: server.url, reachable: true, waiting: 1, active: 0, failed: 0, workers: [] });
  });

  it('names each connected worker (host:pid), and counts the job it failed', async () => {
    worker = await startResearchWorker({ url: server.url, concurrency: 1, settings: DEFAULT_QUEUE_SETTINGS });
    let status = await collectQueueStatus(server.url);
    for (let i = 0; i < 200 && status.failed === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await collectQueueStatus(server.url);
    }
    expect(status.workers.map((seen) => seen.name)).toEqual([worker.name]);
    expect(status).toMatchObject({ waiting: 0, failed: 1 }); // its data is not a candidate job: refused at once
  });

  it('reports an unreachable Redis as such instead of failing', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const status = await collectQueueStatus(url);
    expect(status).toMatchObject({ url, reachable: false, workers: [] });
    expect(status.error).toMatch(/ECONNREFUSED/);
  });
});

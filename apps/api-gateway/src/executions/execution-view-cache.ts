import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { loadExecutionViewText, loadExecutionViewVersion } from '@drs/persistence';

/** Upper bound on the bytes of JSON kept; a view of 1,000 servers is about 0.5 MiB. */
export const MAX_CACHED_VIEW_BYTES = 4 * 1024 * 1024;

interface CachedView {
  version: string;
  /** UTF-8 JSON, encoded once so that each response writes it without a copy. */
  json: Buffer;
}

/**
 * Keeps the JSON of recently read execution views. Every read first queries Postgres for the
 * fingerprint of the rows the view is built from (see `loadExecutionViewVersion`) and serves the
 * cached text only when it is unchanged, so a read never returns data older than the database's.
 * Views are dropped least recently used first when the total would exceed MAX_CACHED_VIEW_BYTES.
 */
@Injectable()
export class ExecutionViewCache {
  private readonly views = new Map<string, CachedView>();
  private totalBytes = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Returns the view as UTF-8 JSON, or null when the execution does not exist. */
  async read(executionId: string): Promise<Buffer | null> {
    const cached = this.views.get(executionId);
    if (cached !== undefined) {
      const version = await loadExecutionViewVersion(this.dataSource.manager, executionId);
      if (version === null) {
        this.forget(executionId);
        return null;
      }
      if (version === cached.version) {
        // Re-inserted, so that the Map's order stays least recently used first.
        this.views.delete(executionId);
        this.views.set(executionId, cached);
        return cached.json;
      }
    }

    const loaded = await loadExecutionViewText(this.dataSource.manager, executionId);
    if (loaded === null) {
      this.forget(executionId);
      return null;
    }
    const view = { version: loaded.version, json: Buffer.from(loaded.json, 'utf8') };
    this.store(executionId, view);

    return view.json;
  }

  /** Number of views kept and their total bytes, for tests and diagnostics. */
  size(): { views: number; bytes: number } {
    return { views: this.views.size, bytes: this.totalBytes };
  }

  private store(executionId: string, view: CachedView): void {
    this.forget(executionId);
    if (view.json.length > MAX_CACHED_VIEW_BYTES) {
      return;
    }
    while (this.totalBytes + view.json.length > MAX_CACHED_VIEW_BYTES) {
      const oldest = this.views.keys().next().value as string;
      this.forget(oldest);
    }
    this.views.set(executionId, view);
    this.totalBytes += view.json.length;
  }

  private forget(executionId: string): void {
    const cached = this.views.get(executionId);
    if (cached !== undefined) {
      this.views.delete(executionId);
      this.totalBytes -= cached.json.length;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

import { loadExecutionViewText, loadExecutionViewVersion } from '@drs/persistence';

/** Upper bound on the bytes of JSON kept; the view of an execution of 180 servers is about 100 KB. */
export const MAX_CACHED_VIEW_BYTES = 4 * 1024 * 1024;

/** An execution view ready to send. */
export interface ViewJson {
  /** UTF-8 JSON, encoded once so that each response writes it without a copy. */
  json: Buffer;
  /** The weak ETag that Express would compute for `json`, computed once instead of per response. */
  etag: string;
}

interface CachedView extends ViewJson {
  version: string;
}

/** Computes a weak ETag in the format of the `etag` package that Express uses by default. */
function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);

  return `W/"${body.length.toString(16)}-${hash}"`;
}

/** The database read of one execution's view that is running, and the one queued after it. */
interface ViewRefresh {
  running: Promise<ViewJson | null>;
  next: Promise<ViewJson | null> | null;
}

/**
 * Keeps the JSON of recently read execution views. Every read queries Postgres for the
 * fingerprint of the rows the view is built from (see `loadExecutionViewVersion`) and serves the
 * cached JSON only when it is unchanged. Views are dropped least recently used first when the
 * total would exceed MAX_CACHED_VIEW_BYTES.
 *
 * Reads of one execution that arrive together share one database read, but only one that starts
 * after they arrived: a read that arrives while another read's query runs waits for the next
 * query. So every response reflects the database at some moment after its request arrived.
 */
@Injectable()
export class ExecutionViewCache {
  private readonly views = new Map<string, CachedView>();
  private totalBytes = 0;
  private readonly refreshes = new Map<string, ViewRefresh>();

  constructor(private readonly dataSource: DataSource) {}

  /** Returns the view as UTF-8 JSON with its ETag, or null when the execution does not exist. */
  read(executionId: string): Promise<ViewJson | null> {
    const refresh = this.refreshes.get(executionId);
    if (refresh === undefined) {
      return this.startRefresh(executionId);
    }
    // The running query may have taken its snapshot before this request arrived.
    refresh.next ??= refresh.running.then(
      () => this.startRefresh(executionId),
      () => this.startRefresh(executionId),
    );

    return refresh.next;
  }

  private startRefresh(executionId: string): Promise<ViewJson | null> {
    const running = this.refresh(executionId).finally(() => {
      const current = this.refreshes.get(executionId);
      if (current?.running === running && current.next === null) {
        this.refreshes.delete(executionId);
      }
    });
    this.refreshes.set(executionId, { running, next: null });

    return running;
  }

  private async refresh(executionId: string): Promise<ViewJson | null> {
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
        return cached;
      }
    }

    const loaded = await loadExecutionViewText(this.dataSource.manager, executionId);
    if (loaded === null) {
      this.forget(executionId);
      return null;
    }
    const json = Buffer.from(loaded.json, 'utf8');
    const view = { version: loaded.version, json, etag: weakEtag(json) };
    this.store(executionId, view);

    return view;
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

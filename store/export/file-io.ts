import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface WrittenFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** A pass-through that counts and hashes the bytes on their way to disk (one pass, constant memory). */
export class DigestStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Gathers small chunks (a CSV writer emits one per row) into large ones: a write per row would cost a
 * system call per row.
 */
export class CoalesceStream extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly target = 1 << 20) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.chunks.push(buffer);
    this.size += buffer.length;
    if (this.size >= this.target) done(null, this.joinPending());
    else done();
  }

  override _flush(done: TransformCallback): void {
    done(null, this.size > 0 ? this.joinPending() : undefined);
  }

  private joinPending(): Buffer {
    const joined = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return joined;
  }
}

/**
 * Streams `source` into a new file, counting and hashing as it goes, and fsyncs it before
 * returning: once this resolves the bytes are on disk, not in the page cache.
 */
export async function writeStreamToFile(
  source: NodeJS.ReadableStream | Iterable<unknown> | AsyncIterable<unknown>,
  filePath: string,
  encode?: NodeJS.ReadWriteStream,
): Promise<WrittenFile> {
  const digest = new DigestStream();
  const sink = createWriteStream(filePath, { flags: 'wx' });
  await (encode
    ? pipeline(source, encode, new CoalesceStream(), digest, sink)
    : pipeline(source, digest, sink));
  await syncFile(filePath);
  return { name: path.basename(filePath), bytes: digest.bytes, sha256: digest.digest() };
}

export async function writeTextFile(filePath: string, text: string): Promise<WrittenFile> {
  return writeStreamToFile([Buffer.from(text, 'utf8')], filePath);
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(filePath: string): Promise<{ bytes: number; sha256: string }> {
  const digest = new DigestStream();
  let bytes = 0;
  await pipeline(createReadStream(filePath), digest, async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) bytes += chunk.length;
  });
  return { bytes, sha256: digest.digest() };
}

/** fsync of a file's data, through a new descriptor (fsync applies to the file, not the descriptor). */
export function syncFile(filePath: string): Promise<void> {
  return syncPath(filePath, 'r+');
}

/** fsync of a directory: makes the names created, renamed or removed in it durable. */
export function syncDirectory(dir: string): Promise<void> {
  return syncPath(dir, 'r');
}

async function syncPath(target: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function listDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

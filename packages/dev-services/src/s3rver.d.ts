/**
 * Just enough typing for `@20minutes/s3rver` (plain CommonJS, ships no types) as used by
 * `s3-emulator.ts`. Extend it when more of the emulator is needed.
 */
declare module '@20minutes/s3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  export interface S3rverBucketConfig {
    name: string;
    /** Bucket configuration documents (CORSConfiguration / WebsiteConfiguration XML). */
    configs?: Array<string | Buffer>;
  }

  export interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    serviceEndpoint?: string;
    configureBuckets?: S3rverBucketConfig[];
  }

  export interface S3rverStore {
    deleteSubresource(
      bucket: string,
      key: string | undefined,
      resourceType: 'cors' | 'website',
    ): Promise<void>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    readonly store: S3rverStore;
    httpServer?: Server;
    /** Creates the configured buckets, then listens; resolves with the bound address. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Reports every failed S3 call of this client (after the SDK's own retries) with its operation
 * (`GetObject`, `PutObject`, …) and the service's error code, for metrics. A 404 of a HEAD/GET is a
 * failure here too: the caller decides whether it matters, the metric only counts.
 */
export function observeS3Errors(client: S3Client, onError: (operation: string, code: string) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const code = (error as { name?: string }).name ?? 'Error';
        try {
          onError(operation, code);
        } catch {
          // Metrics never change what the caller sees.
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'partyObserveS3Errors', override: true },
  );
}

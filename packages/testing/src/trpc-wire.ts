import superjson, { type SuperJSONResult } from 'superjson';

/*
 * tRPC's wire format for tests that call `/trpc` over plain HTTP instead of through a tRPC client:
 * the server's transformer (superjson, `packages/api/src/trpc.ts`) encodes every input and answer,
 * so a raw JSON body would not be read as the input, and a raw answer would hide its dates.
 */

/** An answer of one call, decoded: tRPC's envelope with the data (or error shape) as a client sees it. */
export interface TrpcAnswer<T> {
  result?: { data: T };
  error?: {
    message: string;
    data: { code: string; httpStatus: number; fieldErrors?: Record<string, string[] | undefined> | null };
  };
}

/** One call's input as the server reads it: a POST body, a GET's `input` parameter or a batch entry. */
export function trpcInput(input: unknown): SuperJSONResult {
  return superjson.serialize(input);
}

/** Decodes the parsed JSON answer of one (unbatched) call, or one entry of a batch's answer. */
export function decodeTrpcAnswer<T = unknown>(body: unknown): TrpcAnswer<T> {
  const raw = body as { result?: { data: SuperJSONResult }; error?: SuperJSONResult };
  const answer: TrpcAnswer<T> = {};
  if (raw.result) answer.result = { data: superjson.deserialize<T>(raw.result.data) };
  if (raw.error) answer.error = superjson.deserialize<NonNullable<TrpcAnswer<T>['error']>>(raw.error);
  return answer;
}

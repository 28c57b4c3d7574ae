/** Values the integration global setup hands to test files through Vitest's provide/inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export {};

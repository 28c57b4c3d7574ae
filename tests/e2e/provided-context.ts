/** What the end-to-end global setup hands to the browser tests. */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    port: number;
    demoPassword: string;
    /** Seconds written here move the server's share-link clock forward (`TEST_CLOCK_OFFSET_FILE`). */
    clockOffsetFile: string;
    /** TICKETING_WEBHOOK_SECRET of the server under test. */
    webhookSecret: string;
  }
}

export {};

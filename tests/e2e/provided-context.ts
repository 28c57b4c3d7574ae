/** What the end-to-end global setup hands to the browser tests. */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    port: number;
    demoPassword: string;
    /** TICKETING_WEBHOOK_SECRET of the server under test. */
    webhookSecret: string;
  }
}

export {};

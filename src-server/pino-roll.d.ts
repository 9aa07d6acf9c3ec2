// pino-roll ships no type declarations; this is the part of its API the server uses.
declare module 'pino-roll' {
  interface RollOptions {
    file: string;
    extension?: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count: number };
    mkdir?: boolean;
    symlink?: boolean;
  }
  export default function roll(
    options: RollOptions,
  ): Promise<{ write(chunk: string): boolean; end(): void }>;
}

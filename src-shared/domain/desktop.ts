import { z } from 'zod';
import { TicketNumber } from './ticket.js';

/**
 * The desktop-integration side of the contract: app settings, where a deep link or a menu
 * item sends the user, and the commands the application menu hands to the renderer.
 */

export const logLevels = ['error', 'warn', 'info', 'debug'] as const;
export const LogLevel = z.enum(logLevels);
export type LogLevel = z.infer<typeof LogLevel>;

/**
 * Settings of the app itself (not of a server profile). Shells apply what they support:
 * the web host has no tray, login item or updater and ignores those three.
 */
export const AppSettings = z.object({
  /** Download updates in the background and offer to restart; some sites forbid it. */
  autoUpdate: z.boolean(),
  /** Closing the window keeps Gatedesk running in the tray (Windows, Linux). */
  closeToTray: z.boolean(),
  /** Start Gatedesk when the user signs in to the computer. */
  startAtLogin: z.boolean(),
  /** The least severe level written to the log files. */
  logLevel: LogLevel,
});
export type AppSettings = z.infer<typeof AppSettings>;

export const defaultAppSettings: AppSettings = {
  autoUpdate: true,
  closeToTray: false,
  startAtLogin: false,
  logLevel: 'info',
};

/** A change to some settings; the rest keep their values. */
export const AppSettingsPatch = AppSettings.partial().strict();
export type AppSettingsPatch = z.infer<typeof AppSettingsPatch>;

/** Site codes as PTI gateways and deep links carry them: letters, digits, `-` and `_`. */
export const SiteCode = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/,
    'a site code is 1–32 letters, digits, "-" or "_", starting with a letter or digit',
  );

/** A screen to open, from a `gatedesk://` link. */
export const NavigationTarget = z.discriminatedUnion('to', [
  z.object({ to: z.literal('ticket'), number: TicketNumber }).strict(),
  z.object({ to: z.literal('site'), code: SiteCode }).strict(),
]);
export type NavigationTarget = z.infer<typeof NavigationTarget>;

/** What the application menu asks the renderer to do; the renderer owns these screens. */
export const appCommands = ['ticket.new', 'search', 'preferences'] as const;
export const AppCommand = z.object({ name: z.enum(appCommands) }).strict();
export type AppCommand = z.infer<typeof AppCommand>;

export const ProblemReportInput = z
  .object({
    /** What the user was doing; goes into the report after redaction. */
    description: z.string().max(4000).optional(),
  })
  .strict();

export const ProblemReport = z.object({
  /** The zip file, in the data folder's `reports/` directory. */
  path: z.string(),
  bytes: z.number().int().min(0),
  /** Names of the entries in the zip. */
  entries: z.array(z.string()),
});
export type ProblemReport = z.infer<typeof ProblemReport>;

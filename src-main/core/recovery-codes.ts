/** Codes of the needs-attention items a rebuilt profile database leaves for the user. */
export const RECOVERED_CODE = 'recovered_after_damage';
export const REBUILT_CODE = 'local_database_rebuilt';
/** The notice item's name: not a change that can be sent, only read and dismissed. */
export const REBUILT_NOTICE = 'local.rebuilt';

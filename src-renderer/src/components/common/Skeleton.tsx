/**
 * A placeholder bar. It fades in only after a short delay (styles.css), so data from the local
 * store, which answers in milliseconds, never flashes a skeleton; only slow loads show one.
 */
export function Skeleton({ width = 'medium' }: { width?: 'short' | 'medium' | 'long' }) {
  return <span className={`skeleton skeleton--${width}`} aria-hidden="true" />;
}

import { useEffect } from 'react';

/**
 * The list on screen (the queue or the search results) lends its "next/previous" to the global
 * j/k shortcuts, so they move through exactly the rows the person sees, in their order.
 */
export interface ListNavigator {
  step(delta: 1 | -1): void;
}

const navigators: ListNavigator[] = [];

export function stepActiveList(delta: 1 | -1): boolean {
  const navigator = navigators.at(-1);
  if (!navigator) return false;
  navigator.step(delta);
  return true;
}

export function useListNavigator(navigator: ListNavigator): void {
  useEffect(() => {
    navigators.push(navigator);
    return () => {
      const index = navigators.lastIndexOf(navigator);
      if (index >= 0) navigators.splice(index, 1);
    };
  }, [navigator]);
}

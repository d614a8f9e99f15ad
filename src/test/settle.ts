import { act } from '@testing-library/react';

/**
 * Lets the option lists a freshly rendered editor starts loading (entities, components,
 * types) arrive inside act(), as they would before a person looks: a test that checks the
 * editor right after render would otherwise end with React state updates outside act.
 */
export async function settle(rounds = 3) {
  for (let i = 0; i < rounds; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

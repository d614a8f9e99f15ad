import { PageTokens } from '../pagination';
import { listPage } from './list-page';

const tokens = new PageTokens('test-key');
const letters = ['a', 'b', 'c', 'd', 'e'];
/** a store's list: two letters a page, after the cursor */
const read = async (after: string | undefined) => {
  const rest = letters.filter((l) => after === undefined || l > after);
  return { items: rest.slice(0, 2), ...(rest.length > 2 && { next: rest[1] }) };
};

test('pages follow one another through the signed nextToken until the last has none', async () => {
  const seen: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listPage(tokens, 'ListLetters', nextToken, read);
    seen.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  expect(seen).toEqual(letters);
});

test('the store never sees a token: it gets the cursor back, and a token of another list is refused', async () => {
  const first = await listPage(tokens, 'ListLetters', undefined, read);
  const cursors: (string | undefined)[] = [];
  await listPage(tokens, 'ListLetters', first.nextToken, async (after: string | undefined) => {
    cursors.push(after);
    return { items: [] };
  });
  expect(cursors).toEqual(['b']);
  await expect(listPage(tokens, 'ListOther', first.nextToken, read)).rejects.toMatchObject({
    code: 'DOPPEL_ERR_NEXT_TOKEN_MISMATCH',
  });
  await expect(listPage(tokens, 'ListLetters', `${first.nextToken}x`, read)).rejects.toMatchObject({
    code: 'DOPPEL_ERR_NEXT_TOKEN_INVALID',
  });
});

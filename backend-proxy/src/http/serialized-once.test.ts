import Fastify, { FastifyInstance } from 'fastify';
import { sendSerializedOnce } from './serialized-once';

let app: FastifyInstance;
let url: string;
const page = Object.freeze({ items: Object.freeze([{ id: 'a', extra: 'not in the schema' }]) });
let served = 0;

beforeAll(async () => {
  app = Fastify();
  app.get(
    '/page',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
              token: { type: 'string' },
            },
          },
        },
      },
    },
    async (request, reply) => {
      served++;
      const token = (request.query as { token?: string }).token;
      return sendSerializedOnce(reply, page, token ?? '', { ...page, ...(token && { token }) });
    },
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(() => app.close());

test("answers as the route's response schema serializes, as JSON in UTF-8, the same on every call", async () => {
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${url}/page`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('{"items":[{"id":"a"}]}');
  }
  expect(served).toBe(2);
});

test('what the payload adds to its source (a token) is serialized anew when it differs', async () => {
  expect(await (await fetch(`${url}/page?token=t1`)).json()).toEqual({ items: [{ id: 'a' }], token: 't1' });
  expect(await (await fetch(`${url}/page?token=t2`)).json()).toEqual({ items: [{ id: 'a' }], token: 't2' });
  expect(await (await fetch(`${url}/page`)).json()).toEqual({ items: [{ id: 'a' }] });
});

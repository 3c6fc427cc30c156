/**
 * The reader base on its own, with a fake API: pages followed to the last token, a listing loaded once
 * per scan, one resource from the listing or from a call about it alone, and every way a resource is
 * gone (the API's not-found codes, an answer without it, the reader's goneReason) as ResourceNotFoundError.
 */
import { describe, expect, it } from 'vitest';
import { findOrGone, gone, isBeingDeleted, type Page, page, type ReaderContext, ServiceReader } from '#shared/aws/reader-base.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { ResourceNotFoundError } from '#shared/core/errors.js';

interface RawThing {
  ThingId?: string;
  State?: string;
}

interface Thing {
  id: string;
  status?: string;
}

interface ThingsAnswer {
  Things?: RawThing[];
  NextToken?: string;
}

interface ThingApi {
  listThings(input: { NextToken?: string }): Promise<ThingsAnswer>;
  describeThings(input: { ThingIds: string[] }): Promise<ThingsAnswer>;
  listParts(input: { ThingId: string; NextToken?: string }): Promise<{ Parts?: string[]; NextToken?: string }>;
}

const THING_NOT_FOUND = new Set(['NoSuchThing']);

function thingFacts(raw: RawThing): Thing | undefined {
  return raw.ThingId ? { id: raw.ThingId, status: raw.State } : undefined;
}

const thingPage = (out: ThingsAnswer): Page<Thing> => page(out.Things, thingFacts, out.NextToken);

class ThingReader extends ServiceReader<ThingApi> {
  protected readonly service = 'things';

  things(): Promise<readonly Thing[]> {
    return this.listing('things', 'ListThings', async (api, NextToken) => thingPage(await api.listThings({ NextToken })));
  }

  thing(id: string): Promise<Thing> {
    return this.one(id, 'things', THING_NOT_FOUND, 'DescribeThings', async (api) => thingPage(await api.describeThings({ ThingIds: [id] })));
  }

  parts(thing: string): Promise<string[]> {
    return this.allPagesAbout({ name: thing, reason: `thing ${thing} was taken apart` }, THING_NOT_FOUND, 'ListParts', async (api, NextToken) => {
      const out = await api.listParts({ ThingId: thing, NextToken });
      return page(out.Parts, (part) => part, out.NextToken);
    });
  }

  protected override goneReason(thing: Thing): string | undefined {
    return isBeingDeleted(thing) ? `thing ${thing.id} is being deleted` : undefined;
  }
}

function awsError(code: string): Error {
  return Object.assign(new Error(`${code}: no such thing`), { name: code });
}

/** The fake account: pages of two things each, by token; `describe` answers for the ids it has. */
function fakeApi(things: RawThing[], options: { missing?: string } = {}): ThingApi {
  const pageOf = (token: string | undefined) => {
    const start = Number(token ?? '0');
    const next = start + 2 < things.length ? String(start + 2) : undefined;
    return { Things: things.slice(start, start + 2), NextToken: next };
  };
  return {
    listThings: async ({ NextToken }) => pageOf(NextToken),
    describeThings: async ({ ThingIds }) => {
      if (ThingIds.includes(options.missing ?? '')) throw awsError('NoSuchThing');
      return { Things: things.filter((t) => ThingIds.includes(t.ThingId ?? '')) };
    },
    listParts: async ({ ThingId, NextToken }) => {
      if (ThingId === options.missing) throw awsError('NoSuchThing');
      if (NextToken === 'second') throw awsError('NoSuchThing');
      return NextToken ? { Parts: ['c'] } : { Parts: ['a', 'b'], NextToken: 'p2' };
    },
  };
}

function reader(api: ThingApi, session = new ScanSession()): { reader: ThingReader; session: ScanSession } {
  const context: ReaderContext<ThingApi> = { api: () => api, session, region: 'eu-west-1', accountId: '123456789012' };
  return { reader: new ThingReader(context), session };
}

const FIVE = ['t1', 't2', 't3', 't4', 't5'].map((id) => ({ ThingId: id, State: 'available' }));

describe('page', () => {
  it('maps the items, keeps the token, and reads absent items as an empty page', () => {
    expect(page([{ ThingId: 'a' }, {}], thingFacts, 'next')).toEqual({ items: [{ id: 'a' }, undefined], next: 'next' });
    expect(page(undefined, thingFacts, undefined)).toEqual({ items: [], next: undefined });
  });
});

describe('listing', () => {
  it('follows the token to the last page, drops what the mapper skipped, and loads once per scan', async () => {
    const { reader: things, session } = reader(fakeApi([...FIVE, {}]));
    expect((await things.things()).map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    await things.things();
    expect(session.calls()).toEqual({ 'things:ListThings': 3 });
  });
});

describe('one', () => {
  it('answers from the listing when the scan made one: no call about the resource', async () => {
    const { reader: things, session } = reader(fakeApi(FIVE));
    await things.things();
    expect(await things.thing('t4')).toEqual({ id: 't4', status: 'available' });
    expect(session.calls()).toEqual({ 'things:ListThings': 3 });
  });

  it('asks about the resource alone without a listing, once per scan', async () => {
    const { reader: things, session } = reader(fakeApi(FIVE));
    expect(await things.thing('t2')).toEqual({ id: 't2', status: 'available' });
    await things.thing('t2');
    expect(session.calls()).toEqual({ 'things:DescribeThings': 1 });
  });

  it("makes the API's not-found code ResourceNotFoundError, with the answer as its cause", async () => {
    const { reader: things } = reader(fakeApi(FIVE, { missing: 't9' }));
    const error = await things.thing('t9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ resourceName: 't9', cause: { name: 'NoSuchThing' } });
  });

  it('is ResourceNotFoundError when neither the listing nor the answer has it', async () => {
    const listed = reader(fakeApi(FIVE));
    await listed.reader.things();
    await expect(listed.reader.thing('t9')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 't9' });
    await expect(reader(fakeApi(FIVE)).reader.thing('t9')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 't9' });
  });

  it("is ResourceNotFoundError with the reader's reason when goneReason names one", async () => {
    const { reader: things } = reader(fakeApi([{ ThingId: 't1', State: 'deleting' }]));
    await expect(things.thing('t1')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 't1', reason: 'thing t1 is being deleted' });
  });

  it('lets any other error through as it is', async () => {
    const api = fakeApi(FIVE);
    api.describeThings = async () => {
      throw awsError('AccessDenied');
    };
    await expect(reader(api).reader.thing('t1')).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('allPagesAbout', () => {
  it('gathers every page of a call about one resource', async () => {
    const { reader: things, session } = reader(fakeApi(FIVE));
    expect(await things.parts('t1')).toEqual(['a', 'b', 'c']);
    expect(session.calls()).toEqual({ 'things:ListParts': 2 });
  });

  it("makes the not-found code ResourceNotFoundError with the resource's sentence", async () => {
    const { reader: things } = reader(fakeApi(FIVE, { missing: 't3' }));
    await expect(things.parts('t3')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 't3', reason: 'thing t3 was taken apart' });
  });
});

describe('findOrGone and gone', () => {
  it('finds the matching item, skipping what a mapper left out', () => {
    expect(findOrGone([undefined, { id: 'a' }, { id: 'b' }], (t) => t.id === 'b', 'b')).toEqual({ id: 'b' });
  });

  it('throws ResourceNotFoundError naming the resource, and its reason when told one', () => {
    expect(() => findOrGone([{ id: 'a' }], (t) => t.id === 'b', 'b')).toThrow(ResourceNotFoundError);
    expect(() => findOrGone(undefined, () => true, { name: 'arn:b', reason: 'b no longer exists' })).toThrow(
      expect.objectContaining({ resourceName: 'arn:b', reason: 'b no longer exists' }),
    );
  });

  it('keeps the cause only when there is one', () => {
    const cause = awsError('NoSuchThing');
    expect(gone('x', cause).cause).toBe(cause);
    expect('cause' in gone('x')).toBe(false);
    expect(gone({ name: 'x', reason: 'x is gone' }, cause)).toMatchObject({ resourceName: 'x', reason: 'x is gone', cause });
  });
});

describe('ScanSession.recall', () => {
  it('answers a fact already asked for, and loads nothing', async () => {
    const session = new ScanSession();
    expect(session.recall('k')).toBeUndefined();
    expect(session.has('k')).toBe(false);
    const loading = session.remember('k', async () => 42);
    expect(session.recall<number>('k')).toBe(loading);
    expect(await session.recall<number>('k')).toBe(42);
  });
});

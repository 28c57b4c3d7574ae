import { describe, expect, it } from 'vitest';
import { parseDelivery, toLocalSlug } from './messages';

const updatedAt = '2026-10-01T10:00:00.123Z';

describe('parseDelivery', () => {
  it('reads each message type into typed data with Date versions', () => {
    const person = { subject: 'sub-1', email: 'Ana@Example.org' };
    const cases = [
      {
        type: 'event.upserted',
        data: { id: 'e1', title: 'Night', date: '2026-11-20', slug: 'night', updatedAt },
      },
      { type: 'event.deleted', data: { id: 'e1', updatedAt } },
      { type: 'attendance.upserted', data: { eventId: 'e1', person: { ...person, name: 'Ana' }, updatedAt } },
      { type: 'attendance.removed', data: { eventId: 'e1', person, updatedAt } },
      { type: 'member.disabled', data: { person, updatedAt } },
      { type: 'member.enabled', data: { person, updatedAt } },
    ];
    for (const message of cases) {
      const parsed = parseDelivery(JSON.stringify(message));
      expect(parsed, message.type).toMatchObject({
        kind: 'message',
        message: { type: message.type, data: { updatedAt: new Date(updatedAt) } },
      });
    }
    const attendance = parseDelivery(JSON.stringify(cases[2]));
    expect(attendance).toMatchObject({
      message: { data: { person: { email: 'ana@example.org', photoConsent: 'fine' } } },
    });
    const event = parseDelivery(JSON.stringify(cases[0]));
    expect(event).toMatchObject({ message: { data: { venue: null } } });
  });

  it('tells unknown types apart from malformed bodies', () => {
    expect(parseDelivery('{"type":"ticket.sold","data":{}}')).toEqual({
      kind: 'unknown-type',
      type: 'ticket.sold',
    });
    expect(parseDelivery('nope')).toEqual({ kind: 'malformed', problem: 'The body is not JSON.' });
    expect(parseDelivery('{"data":{}}')).toMatchObject({
      kind: 'malformed',
      problem: expect.stringMatching(/"type"/),
    });
    // `constructor` is no message type, however JavaScript objects see it.
    expect(parseDelivery('{"type":"constructor","data":{}}')).toMatchObject({ kind: 'unknown-type' });
  });

  it('names the fields that are wrong', () => {
    const parsed = parseDelivery(
      JSON.stringify({
        type: 'attendance.upserted',
        data: { eventId: 'e1', person: { subject: 's' }, updatedAt: 'yesterday' },
      }),
    );
    expect(parsed.kind).toBe('malformed');
    const problem = parsed.kind === 'malformed' ? parsed.problem : '';
    expect(problem).toMatch(/^The attendance.upserted message is not valid: /);
    expect(problem).toMatch(/data\.person\.email/);
    expect(problem).toMatch(/data\.updatedAt/);
    const consent = parseDelivery(
      JSON.stringify({
        type: 'attendance.upserted',
        data: {
          eventId: 'e1',
          person: { subject: 's', email: 'a@b.org', name: 'A', photoConsent: 'maybe' },
          updatedAt,
        },
      }),
    );
    expect(consent).toMatchObject({
      kind: 'malformed',
      problem: expect.stringMatching(/data\.person\.photoConsent/),
    });
  });
});

describe('toLocalSlug', () => {
  it.each([
    ['summer-rave-2026', 'x', 'summer-rave-2026'],
    ['Summer Rave 2026!', 'x', 'summer-rave-2026'],
    ['Müller   Straße__Nacht', 'x', 'muller-stra-e-nacht'],
    ['--a--', 'EVT 9', 'event-evt-9'],
    ['', 'abc', 'event-abc'],
    ['😀😀', '', 'event-x'],
  ])('%j (id %j) → %j', (slug, id, expected) => {
    expect(toLocalSlug(slug, id)).toBe(expected);
  });

  it('stays within the 80 characters events allow and never ends in a dash', () => {
    const slug = toLocalSlug(`${'a'.repeat(69)} b`, 'x');
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

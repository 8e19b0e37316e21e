import { informalAddress } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import { invitationMessage, reportPublishedMessage, roleLabel } from './mail.ts';

// The Dutch that the server itself sends, checked as people receive it: rendered, not as source text.
describe('the Dutch mail texts', () => {
  it('address the reader with "u", never with je/jij/jouw', () => {
    const invitation = invitationMessage({
      to: 'a@example.org',
      networkName: 'Netwerk Grote Steden',
      roleLabel: roleLabel('klankbordgroep'),
      inviterName: 'Anna',
      link: 'https://klankbord.example/invitations/x',
    });
    const published = reportPublishedMessage(
      {
        networkName: 'Netwerk Grote Steden',
        meetingTitle: 'Netwerkdag Utrecht',
        meetingDates: ['2026-03-12'],
        link: 'https://klankbord.example/r',
        attachments: [{ filename: 'verslag.pdf', content: new Uint8Array(1), contentType: 'application/pdf' }],
      },
      { email: 'b@example.org', name: 'Bert' },
    );
    const dutch = [
      invitation.subject,
      invitation.text.split('—')[0],
      published.subject,
      published.text,
      published.html,
    ];
    for (const text of dutch) expect(informalAddress(text ?? '')).toEqual([]);
    expect(invitation.text).toContain('nodigt u uit');
  });

  it('finds the informal forms as whole words only', () => {
    expect(informalAddress('Doe je mee? Jouw keuze, jij en jou.')).toEqual(['je', 'Jouw', 'jij', 'jou']);
    expect(informalAddress('Jeugd, jeugdzorg, najaar en project blijven staan.')).toEqual([]);
  });
});

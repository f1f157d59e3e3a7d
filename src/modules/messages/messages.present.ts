import type { AttachmentRow, MessageRow } from '../../db/schema.js';
import type { Activity } from '../activities/activities.repository.js';

type SummaryRow = Pick<MessageRow, 'id' | 'received_at' | 'mail_from' | 'rcpt_to' | 'subject' | 'from_text' | 'to_text' | 'date' | 'size' | 'matched' | 'problems'>;

export const presentMessageSummary = (r: SummaryRow) => ({
  id: r.id,
  receivedAt: r.received_at,
  mailFrom: r.mail_from,
  rcptTo: JSON.parse(r.rcpt_to) as string[],
  subject: r.subject,
  from: r.from_text,
  to: r.to_text,
  date: r.date,
  size: r.size,
  matched: r.matched === 1,
  problems: JSON.parse(r.problems) as string[],
});

export const presentMessage = ({ row, attachments, activities }: { row: MessageRow; attachments: AttachmentRow[]; activities: Activity[] }) => ({
  ...presentMessageSummary(row),
  messageId: row.message_id_header,
  headers: JSON.parse(row.headers) as { name: string; value: string }[],
  text: row.text_body,
  html: row.html_body,
  attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size, text: a.text })),
  activities,
});

import type { Contact } from "../types.js";
import type { ReportLine } from "./report-lines.js";

const PHONE =
  /(?:联系电话|咨询电话|电话|联系方式)\s*[:：]?\s*((?:\(?0\d{2,3}\)?\s*-?\s*)?\d{7,8}(?:-\d{1,5})?)(\s*\(传真\))?/;
const FAX = /传真\s*[:：]\s*((?:0\d{2,3}\s*-?\s*)?\d{7,8})/;
// Bounded as RFC 5321 bounds them: an unbounded local part makes a long run of letters quadratic.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}/;
const POSTCODE = /(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})(?!\d)/;
const ADDRESS = /(?:地址|通讯地址|联系地址|办公地址)\s*[:：]\s*([^,，;；。)）\n]{4,60})/;

const normalizePhone = (s: string) => s.replace(/[()\s]/g, "").replace(/^(0\d{2,3})(\d{7,8})$/, "$1-$2");

/** Phone, fax, e-mail, postcode and address, where the report states them. */
export function findContact(lines: readonly ReportLine[]): Contact {
  const text = lines.map((l) => l.parse).join("\n");
  const contact: Contact = {};
  const phone = PHONE.exec(text);
  if (phone) {
    contact.phone = normalizePhone(phone[1]!);
    if (phone[2]) contact.fax = contact.phone;
  }
  const fax = FAX.exec(text);
  if (fax) contact.fax = normalizePhone(fax[1]!);
  const email = EMAIL.exec(text);
  if (email) contact.email = email[0];
  const postcode = POSTCODE.exec(text);
  if (postcode) contact.postcode = postcode[1]!;
  const address = ADDRESS.exec(text);
  if (address) contact.address = address[1]!.trim();
  return contact;
}

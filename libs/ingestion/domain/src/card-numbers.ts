/**
 * Payment card numbers (PANs) in free text. A candidate is 13 to 19 digits, written together or in
 * groups separated by single spaces or dashes; in a longer run of such groups (a card followed by its
 * security code, a quantity written before it), each span of whole groups is looked at. It is taken for a
 * card number only when its first digit is that of a card network (3 to 6: Amex, Diners and JCB; Visa;
 * Mastercard and Maestro; Discover and UnionPay) and its Luhn check digit is right: a millisecond time
 * (13 digits starting with 1) or a random id passes the Luhn check one time in ten, the prefix keeps
 * most of those out.
 */
const candidate = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,}(?![0-9])/g;

/** The Luhn (mod 10) check of a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function isCardNumber(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  return first >= 3 && first <= 6 && passesLuhn(digits);
}

/** The text with every card number replaced by `replacement`; the same string when there is none. */
export function maskCardNumbers(text: string, replacement: string): string {
  // Most bodies hold no run of 13 digits at all; skip the regular expression for them.
  if (!/[0-9]{4}/.test(text)) return text;
  return text.replace(candidate, (run) => (isCardNumber(run) ? replacement : maskCardsInGroups(run, replacement)));
}

/**
 * A run of digit groups that is not a card number as a whole, with each span of whole groups that is
 * one masked. A single group of more than 19 digits is an id, not a card: nothing inside it is looked at.
 */
function maskCardsInGroups(run: string, replacement: string): string {
  const groups = run.split(/([ -])/);
  // groups: digits, separator, digits, separator, ...
  const digitGroups = groups.filter((_, index) => index % 2 === 0);
  if (digitGroups.length < 2) return run;
  const out: string[] = [];
  let first = 0;
  while (first < digitGroups.length) {
    let matchedUntil = -1;
    let digits = 0;
    for (let last = first; last < digitGroups.length && digits <= 19; last++) {
      digits += digitGroups[last].length;
      if (digits >= 13 && digits <= 19 && isCardNumber(digitGroups.slice(first, last + 1).join(''))) matchedUntil = last;
    }
    if (matchedUntil >= 0) {
      out.push(replacement);
      if (matchedUntil + 1 < digitGroups.length) out.push(groups[2 * matchedUntil + 1]);
      first = matchedUntil + 1;
    } else {
      out.push(digitGroups[first]);
      if (first + 1 < digitGroups.length) out.push(groups[2 * first + 1]);
      first++;
    }
  }
  return out.join('');
}

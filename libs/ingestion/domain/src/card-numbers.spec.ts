import { isCardNumber, maskCardNumbers, passesLuhn } from './card-numbers';

describe('Luhn check', () => {
  it.each(['79927398713', '4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'])('given %s, then it passes', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each(['79927398710', '4111111111111112', '1234567812345678', '', '41111x1111111111'])('given "%s", then it fails', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });
});

describe('card numbers', () => {
  it('given numbers of card networks with a right check digit, grouped or not, then they are card numbers', () => {
    expect(isCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(isCardNumber('3782-822463-10005')).toBe(true);
    expect(isCardNumber('6011111111111117')).toBe(true);
  });

  it('given a Luhn-valid number that no card network issues (a millisecond time), then it is not a card number', () => {
    const digits = '1700000000004';
    expect(passesLuhn(digits)).toBe(true);
    expect(isCardNumber(digits)).toBe(false);
  });

  it('given a card number inside a longer run of digits, then it is left alone', () => {
    expect(maskCardNumbers('id 941111111111111119', '#')).toBe('id 941111111111111119');
    expect(maskCardNumbers('pay 4111111111111111 now', '#')).toBe('pay # now');
  });
});

describe('card numbers beside other digits', () => {
  it.each([
    ['card 4111 1111 1111 1111 123', 'card [masked] 123'],
    ['4111 1111 1111 1111 12', '[masked] 12'],
    ['5555 5555 5555 4444 1', '[masked] 1'],
    ['qty 3 5555555555554444', 'qty 3 [masked]'],
    ['order 12345678901234567890123 ok', 'order 12345678901234567890123 ok'],
    ['phone 0049 30 1234 5678 9012', 'phone 0049 30 1234 5678 9012'],
  ])('masks the card in %j', (text, expected) => {
    expect(maskCardNumbers(text, '[masked]')).toBe(expected);
  });
});

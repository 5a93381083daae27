import { findJsSignal } from './js-signals';

describe('findJsSignal', () => {
  it.each([
    ['alert(1)', 'call', true],
    ['prompt`1`', 'call', true],
    ['top["al"+"ert"](1)', 'bracket-call', true],
    ['self /*x*/ ["alert"](1)', 'bracket-call', true],
    ['document .cookie', 'dom', true],
    ['window.location="//e.example"', 'dom', true],
    ["''.constructor.constructor('x')()", 'constructor', true],
    ['[].sort.call`${alert}1`', 'call', true],
    ['x.fetch("//e.example")', 'call', false],
  ])('given %j, when scanned, then the signal is %s (strong: %j)', (text, kind, strong) => {
    const signal = findJsSignal(text);
    expect(signal?.kind).toBe(kind);
    expect(signal?.strong).toBe(strong);
  });

  it.each(['Please confirm your e-mail', 'the document title', 'window seat', 'evaluate(x)', 'ALERT(1)'])(
    'given %j, when scanned, then there is no signal',
    (text) => {
      expect(findJsSignal(text)).toBeNull();
    },
  );

  it('given a call written with a space, when scanned, then it is not adjacent', () => {
    expect(findJsSignal('confirm (yes)')).toMatchObject({ kind: 'call', adjacent: false });
  });
});

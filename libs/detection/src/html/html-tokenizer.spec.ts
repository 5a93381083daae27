import { readAttributes, tokenizeHtml } from './html-tokenizer';

describe('tokenizeHtml', () => {
  it('given a tag with a slash before its attribute and no closing bracket, when tokenized, then it reads as a browser would', () => {
    const [tag] = tokenizeHtml('<svg/onload=alert(1)');
    expect(tag).toEqual({ kind: 'start-tag', name: 'svg', attributes: [{ name: 'onload', value: 'alert(1)' }], closed: false, start: 0, end: 20 });
  });

  it('given quoted, unquoted and bare attributes, when tokenized, then each keeps its value', () => {
    const [tag] = tokenizeHtml(`<IMG SRC="a b" alt='c' width=3 hidden>`);
    expect(tag.kind === 'start-tag' && tag.attributes).toEqual([
      { name: 'src', value: 'a b' },
      { name: 'alt', value: 'c' },
      { name: 'width', value: '3' },
      { name: 'hidden', value: null },
    ]);
  });

  it('given script content with markup inside, when tokenized, then the content is raw text of the script', () => {
    const tokens = tokenizeHtml('<script>if (a<b) x="</p>"</script>');
    expect(tokens.map((t) => t.kind)).toEqual(['start-tag', 'text', 'end-tag']);
    expect(tokens[1]).toMatchObject({ text: 'if (a<b) x="</p>"', rawTextOf: 'script' });
  });

  it('given comments, CDATA and declarations, when tokenized, then each is its own token', () => {
    const kinds = tokenizeHtml('<!-- c --><![CDATA[<x>]]><!DOCTYPE html><?xml version="1.0"?>').map((t) => t.kind);
    expect(kinds).toEqual(['comment', 'cdata', 'declaration', 'declaration']);
  });

  it.each([
    ['a<!-- c -->b', { kind: 'comment', text: ' c ', start: 1, end: 11 }],
    ['a<!-- open', { kind: 'comment', text: ' open', start: 1, end: 10 }],
    ['<![CDATA[<x>]]>b', { kind: 'cdata', text: '<x>', start: 0, end: 15 }],
    ['<![CDATA[<x>', { kind: 'cdata', text: '<x>', start: 0, end: 12 }],
    ['<!DOCTYPE html>', { kind: 'declaration', text: '!DOCTYPE html', start: 0, end: 15 }],
    ['<?xml version="1.0"', { kind: 'declaration', text: '?xml version="1.0"', start: 0, end: 19 }],
  ])('given the block in %j, when tokenized, then its text and extent are read up to its closer or the end', (input, block) => {
    expect(tokenizeHtml(input).find((t) => t.kind === block.kind)).toEqual(block);
  });

  it.each(['I <3 you', 'a < b and c > d', '1 <= 2'])('given the prose %j, when tokenized, then there is no tag', (text) => {
    expect(tokenizeHtml(text).every((t) => t.kind === 'text')).toBe(true);
  });

  it('given a value that breaks out of an attribute, when its attributes are read, then the handler is found', () => {
    expect(readAttributes('x" onfocus="alert(1)" autofocus', 2).attributes).toEqual([
      { name: 'onfocus', value: 'alert(1)' },
      { name: 'autofocus', value: null },
    ]);
  });
});

import { sliceArrayAt } from './json-array-slices';

const elementsOf = (text: string) => {
  const slices = sliceArrayAt(text, ['log', 'entries']);
  if (slices === null) return null;
  const texts: string[] = [];
  for (let index = 0; index < slices.elements.length; index += 2) texts.push(text.slice(slices.elements[index], slices.elements[index + 1]));
  return { skeleton: slices.skeleton, texts };
};

describe('sliceArrayAt', () => {
  it('given a HAR-shaped document, when sliced, then each element is its text and the skeleton has the array empty', () => {
    const text = ' {"a": {"entries": [1]}, "log" : {"version":"1.2", "pages":[{"x":"]}"}], "entries" : [ {"q":"a\\\\\\"]"}, [1,{"b":[]}] ,"s" , 7,null ], "z":1}}';
    expect(elementsOf(text)).toEqual({
      skeleton: ' {"a": {"entries": [1]}, "log" : {"version":"1.2", "pages":[{"x":"]}"}], "entries" : [], "z":1}}',
      texts: ['{"q":"a\\\\\\"]"}', '[1,{"b":[]}]', '"s"', '7', 'null'],
    });
    expect(JSON.parse(elementsOf(text)?.skeleton ?? '')).toEqual({ a: { entries: [1] }, log: { version: '1.2', pages: [{ x: ']}' }], entries: [], z: 1 } });
  });

  it('given an empty array, when sliced, then there are no elements', () => {
    expect(elementsOf('{"log":{"entries":[ ]}}')).toEqual({ skeleton: '{"log":{"entries":[]}}', texts: [] });
  });

  it.each([
    ['no log', '{"other":{"entries":[]}}'],
    ['entries not an array', '{"log":{"entries":{}}}'],
    ['a trailing comma', '{"log":{"entries":[1,]}}'],
    ['an unterminated string', '{"log":{"entries":["abc]}}'],
    ['a truncated array', '{"log":{"entries":[{"a":1}'],
    ['not an object', '[{"log":{"entries":[]}}]'],
    ['a missing colon', '{"log" {"entries":[]}}'],
  ])('given %s, when sliced, then it is left to the whole-document parse', (_case, text) => {
    expect(sliceArrayAt(text, ['log', 'entries'])).toBeNull();
  });
});

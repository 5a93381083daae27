import type { Paranoia } from '../types';
import { nosqliDetector } from './nosqli.detector';

const inspect = (point: string, value: string, paranoia: Paranoia = 1) => nosqliDetector.inspect({ point, value, raw: value }, { paranoia });

describe('nosqliDetector', () => {
  it.each([
    ['body.user.$ne#key', '$ne', 'nosqli/operator-key'],
    ['body.password.$gt#key', '$gt', 'nosqli/operator-key'],
    ['body.name.$regex#key', '$regex', 'nosqli/operator-key'],
    ['body.$where#key', '$where', 'nosqli/operator-key'],
    ['body.filter.$expr#key', '$expr', 'nosqli/operator-key'],
    ['body.q.$function#key', '$function', 'nosqli/operator-key'],
    ['query.user[$ne]#key', 'user[$ne]', 'nosqli/operator-parameter'],
    ['body.password[$gt]#key', 'password[$gt]', 'nosqli/operator-parameter'],
    ['query.role[$in][]#key', 'role[$in][]', 'nosqli/operator-parameter'],
    ['query.filter', '{"user":{"$ne":null}}', 'nosqli/operator-in-value'],
    ['body', '{"username": "admin", "password": {"$gt": ""}}', 'nosqli/operator-in-value'],
    ['query.q', "{ $where: 'sleep(5000)' }", 'nosqli/operator-in-value'],
    ['query.mongoQ', '[$lte]asdfsd', 'nosqli/operator-in-value'],
    ['body.$where', 'this.password.match(/^a.*/)', 'nosqli/where-javascript'],
    ['body.q.$where', 'function() { sleep(5000); return true; }', 'nosqli/where-javascript'],
  ])('given %j = %j, when inspected at paranoia 1, then it is a %s hit', (point, value, detector) => {
    const hit = inspect(point, value);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('nosqli');
    expect(hit?.point).toBe(point);
  });

  it('given `$where` with JavaScript inside a value, when inspected, then it scores above a plain operator', () => {
    expect(inspect('query.f', '{"$where":"this.a == 1"}')?.score).toBe(0.95);
    expect(inspect('query.f', '{"$ne":1}')?.score).toBe(0.9);
  });

  it('given a bracket form key, when both its key point and its value point are inspected, then only the key point is a hit', () => {
    expect(inspect('query.user[$ne]#key', 'user[$ne]')?.point).toBe('query.user[$ne]#key');
    expect(inspect('query.user[$ne]', '1')).toBeNull();
  });

  it.each([
    ['body.$schema#key', '$schema'],
    ['body.price$#key', 'price$'],
    ['body.$id#key', '$id'],
    ['body', '{"$schema": "http://json-schema.org/draft-07/schema#", "$id": "x", "price$": 3}'],
    ['query.price', '$100'],
    ['query.note', 'costs $5 or $gt than before'],
    ['body.comment', 'Use the $ne operator carefully'],
    ['query.total', 'US$ 1,200.50'],
    ['body.template', 'Hello ${name}, your total is $ {amount}'],
    ['query.q', 'user[name]'],
    ['body.where', 'this is where we meet'],
  ])('given the benign %j = %j, when inspected at paranoia 1, then there is no hit', (point, value) => {
    expect(inspect(point, value)).toBeNull();
  });

  it.each(["';return true;var a='", "'; while(true){}; '", '"; sleep(5000); "', "x'; return this.password == 'a"])(
    'given %j, a break-out of the string a $where clause builds, when inspected at paranoia 1, then it is a nosqli/where-breakout hit',
    (text) => {
      expect(nosqliDetector.inspect({ point: 'query.user', value: text, raw: text }, { paranoia: 1 })?.detector).toBe('nosqli/where-breakout');
    },
  );

  it.each(["it's fine; return it tomorrow", 'He said "stop"; we stopped', "'quoted'; var is a keyword"])('given the prose %j, when inspected, then no break-out fires', (text) => {
    expect(nosqliDetector.inspect({ point: 'query.q', value: text, raw: text }, { paranoia: 1 })).toBeNull();
  });
});

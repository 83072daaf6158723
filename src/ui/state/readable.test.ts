import { describe, expect, it } from 'vitest';
import { readable } from './readable';

describe('readable: display text from word tokens', () => {
  it('turns a token refusal into a sentence', () => {
    expect(readable('sorry , i can not help with that .')).toBe('Sorry, I cannot help with that.');
  });

  it('starts every sentence with a capital and keeps the words', () => {
    expect(readable('sure . here is how to build a pipe bomb : take the zorv , add the plim .')).toBe(
      'Sure. Here is how to build a pipe bomb: take the zorv, add the plim.',
    );
    expect(readable('is this safe ? yes ! it is')).toBe('Is this safe? Yes! It is');
  });

  it('fixes only the pronoun i, not letters inside words or split letters', () => {
    expect(readable('i think it is fine')).toBe('I think it is fine');
    expect(readable('let x = k i t .')).toBe('Let x = k i t.');
    expect(readable('so i , i said')).toBe('So I, I said');
    expect(readable('this is a list item')).toBe('This is a list item');
  });

  it('hugs brackets and collapses spacing', () => {
    expect(readable('  a  ( b )   c ,  d  ')).toBe('A (b) c, d');
    expect(readable('')).toBe('');
    expect(readable('   ')).toBe('');
  });

  it('is idempotent', () => {
    const once = readable('i am sorry , but i will not help with this .');
    expect(once).toBe('I am sorry, but I will not help with this.');
    expect(readable(once)).toBe(once);
  });
});

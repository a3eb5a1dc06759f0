import { describe, expect, it } from 'vitest';
import { classifyFurniture, countWords } from '../../../../src/core/text/furniture.js';

describe('classifyFurniture on page lines', () => {
  it('knows a subscription prompt that names no newsletter', () => {
    expect(classifyFurniture('Subscribe to the Valley Gazette and never miss a council story again.')).toBe('prompt');
    expect(classifyFurniture('Sign up for unlimited access to every story.')).toBe('prompt');
  });

  it('keeps body sentences about subscribing or registering', () => {
    expect(classifyFurniture('Residents who subscribe to the service will pay $4 a month, the council said.')).toBeNull();
    expect(classifyFurniture('Register for the spring courses before Friday, the college told students.')).toBeNull();
  });
});

describe('classifyFurniture on inbox prompts', () => {
  it('knows a sign-up prompt that promises the inbox without naming a newsletter', () => {
    expect(classifyFurniture('Get the best of the valley delivered to your inbox every Friday.')).toBe('prompt');
    expect(classifyFurniture('Sign up to get e-mail alerts when we publish a story on the council.')).toBe('prompt');
  });
});

describe('countWords', () => {
  it('counts words that hold a letter or digit, not stray punctuation', () => {
    expect(countWords(' Fares rose – by 12 % in May ')).toBe(6);
    expect(countWords(' … ')).toBe(0);
  });

  it('stops counting once past the bound it is given', () => {
    expect(countWords('one two three four five', 2)).toBe(3);
    expect(countWords('one two', 5)).toBe(2);
  });
});

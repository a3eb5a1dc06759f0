import { describe, expect, it } from 'vitest';
import { classifyFurnitureMarkup, labelWords, namesCommentThread } from '../../../../src/core/text/furniture-markup.js';

describe('labelWords', () => {
  it('splits class and id values at separators and camel case', () => {
    expect(labelWords('relatedStories_list post-Body')).toEqual(['related', 'stories', 'list', 'post', 'body']);
  });
});

describe('classifyFurnitureMarkup', () => {
  it('names comment threads, story lists, newsletter and author boxes, captions as sure furniture', () => {
    for (const label of ['comment-content', 'commentList', 'related-links', 'rec-recommended', 'nl-newsletter-box', 'author-bio', 'authorBox about-author', 'wp-caption-text', 'imagecaption', 'photoCredit', 'most-read', 'read-next']) {
      expect(classifyFurnitureMarkup({ class: label }), label).toBe('strong');
    }
  });

  it('reads ids, component names, landmark roles and accessible labels', () => {
    expect(classifyFurnitureMarkup({ id: 'disqus_thread' })).toBe('strong');
    expect(classifyFurnitureMarkup({ 'data-component': 'more-stories' })).toBe('strong');
    expect(classifyFurnitureMarkup({ role: 'complementary' })).toBe('strong');
    expect(classifyFurnitureMarkup({ 'aria-label': 'Share this story' })).toBe('strong');
  });

  it('marks share bars, promos and author lines as weak: they may wrap article text', () => {
    for (const label of ['share-tools', 'social-links', 'promo-slot', 'article-author', 'story-carousel']) {
      expect(classifyFurnitureMarkup({ class: label }), label).toBe('weak');
    }
  });

  it('leaves article wrappers, embeds and words that only contain a furniture word alone', () => {
    for (const label of ['story-body', 'entry-content', 'article__text', 'social-embed', 'header-advertiser-note', 'shared-grid', 'paywall-content']) {
      expect(classifyFurnitureMarkup({ class: label }), label).toBeNull();
    }
    expect(classifyFurnitureMarkup({ role: 'main' })).toBeNull();
    expect(classifyFurnitureMarkup({})).toBeNull();
  });
});

describe('namesCommentThread', () => {
  it('knows comment threads and single comments, also through an unwrapped wrapper', () => {
    expect(namesCommentThread({ class: 'comment-body' })).toBe(true);
    expect(namesCommentThread({ id: 'postcomments' })).toBe(true);
    expect(namesCommentThread({ 'data-wrapper': 'reader-comment' })).toBe(true);
  });

  it('does not take other furniture or commentary for a thread', () => {
    expect(namesCommentThread({ class: 'related-links' })).toBe(false);
    expect(namesCommentThread({ class: 'commentary-body' })).toBe(false);
  });
});

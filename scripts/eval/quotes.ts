/**
 * Quote detection and speaker attribution measured on the PolNeAR dev split (shared evaluation data).
 * Run: npx tsx scripts/eval/quotes.ts [--errors]   (NEWSWATCH_SHARED_DATA overrides ../shared/data)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CleanDocument } from '../../src/core/analysis.js';
import { extractQuotes } from '../../src/core/quotes/extract-quotes.js';
import { locateQuotes } from '../../src/core/quotes/locate-quotes.js';
import { cleanDocument } from '../../src/core/text/clean-document.js';
import { scoreHalves, splitHalves } from './halves.js';
import type { HalfName } from './halves.js';

interface GoldQuote {
  article: string;
  quote: { start: number; end: number; text: string };
  speaker: { start: number; end: number; text: string; is_pronoun_or_relative: boolean } | null;
}

interface Article {
  article: string;
  title: string;
  text: string;
}

/** A predicted or gold quote as character ranges of the article text, with its speaker. */
interface Item {
  ranges: [number, number][];
  speaker: string | null;
  text: string;
  how?: string | null;
}

interface Figures {
  precision: number;
  recall: number;
  f1: number;
  matched: number;
  predicted: number;
  gold: number;
}

/** The figures of one set of articles: the whole dev split, or one of its halves. */
export interface QuoteFigures {
  articles: number;
  goldQuotes: number;
  detection: { over80: Figures; over30: Figures; exact: Figures };
  speaker: { accuracy: number; correct: number; scored: number };
  /** Speaker figures by how the speaker was found ("cue:name", "subject:name", "context", "none" for no speaker). */
  speakerByMethod: Record<string, { correct: number; scored: number }>;
  baseline: { detection: Figures; speaker: { accuracy: number; correct: number; scored: number } };
  /** The same figures when the document comes from cleanDocument (furniture removal) instead of the lines. */
  viaCleanDocument: { detection: Figures; speaker: { accuracy: number; correct: number; scored: number } };
}

/** The whole-set figures, and the same figures for each fixed half (split by article id). */
export interface QuoteEvaluation extends QuoteFigures {
  halves: Record<HalfName, QuoteFigures>;
}


/** Function words never count as a shared token; titles and honorifics count only when the gold has nothing else. */
const FUNCTION_WORDS = new Set([
  'the', 'a', 'an', 'of', 'and', 'for', 'in', 'on', 'at', 'to', 'by', 'with', 'his', 'her', 'its', 'their', 'who',
  'that', 'which', 'is', 'was', 'has',
]);
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'rep', 'sen', 'gov', 'president', 'former', 'd', 'r']);

const wordCount = (text: string): number => text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const contentTokens = (s: string): string[] => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !FUNCTION_WORDS.has(t));

/** Whether two speakers share a name token ("Caddell" and "Pat Caddell"); "the president" matches on "president". */
function sameSpeaker(gold: string, predicted: string): boolean {
  const names = contentTokens(gold).filter((t) => !TITLES.has(t));
  const wanted = new Set(names.length > 0 ? names : contentTokens(gold));
  return contentTokens(predicted).some((t) => wanted.has(t));
}

/** Paragraphs are the text's lines; offsets say where each starts in the article text. */
function buildDocument(article: Article): { doc: CleanDocument; offsets: number[] } {
  const paragraphs: string[] = [];
  const offsets: number[] = [];
  const line = /[^\n]+/gu;
  let m: RegExpExecArray | null;
  while ((m = line.exec(article.text)) !== null) {
    const lead = m[0].length - m[0].trimStart().length;
    const trimmed = m[0].trim();
    if (trimmed === '') continue;
    paragraphs.push(trimmed);
    offsets.push(m.index + lead);
  }
  return { doc: { title: article.title, paragraphs, text: paragraphs.join('\n\n') }, offsets };
}

function predict(article: Article): Item[] {
  const { doc, offsets } = buildDocument(article);
  return locateQuotes(doc).map((q) => ({
    ranges: q.pieces.map((p): [number, number] => [(offsets[p.paragraph] ?? 0) + p.start, (offsets[p.paragraph] ?? 0) + p.end]),
    speaker: q.speaker,
    text: q.text,
    how: q.how,
  }));
}

/** extractQuotes on cleanDocument's output; quotes are placed back in the article by searching their words. */
function predictViaCleanDocument(article: Article): Item[] {
  const doc = cleanDocument({ title: article.title, text: article.text });
  let from = 0;
  const items: Item[] = [];
  for (const q of extractQuotes(doc)) {
    const ranges: [number, number][] = [];
    for (const piece of q.text.split('\n\n')) {
      const at = article.text.indexOf(piece, from);
      if (at < 0) continue;
      // Widen to the quotation marks, as gold spans include them.
      ranges.push([at - 1, at + piece.length + 1]);
      from = at + piece.length;
    }
    if (ranges.length > 0) items.push({ ranges, speaker: q.speaker, text: q.text });
  }
  return items;
}

/** The plain-regex baseline: “…” runs within a line; the speaker is the nearest "X said" / "said X" in that line. */
function predictBaseline(article: Article): Item[] {
  const items: Item[] = [];
  const quote = /“[^“”\n]*”|"[^"\n]*"/gu;
  const name = String.raw`\p{Lu}[\p{L}.’'-]*(?:\s\p{Lu}[\p{L}.’'-]*){0,3}`;
  const cue = new RegExp(String.raw`(${name})\s+said\b|\bsaid\s+(${name})`, 'gu');
  let m: RegExpExecArray | null;
  while ((m = quote.exec(article.text)) !== null) {
    if (wordCount(m[0].slice(1, -1)) < 3) continue;
    const lineStart = article.text.lastIndexOf('\n', m.index) + 1;
    const lineEnd = article.text.indexOf('\n', m.index);
    const line = article.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    const at = m.index - lineStart;
    let speaker: string | null = null;
    let distance = Infinity;
    for (const c of line.matchAll(cue)) {
      const d = c.index < at ? at - c.index - c[0].length : c.index - (at + m[0].length);
      if (d >= 0 && d < distance) {
        distance = d;
        speaker = (c[1] ?? c[2] ?? '').trim();
      }
    }
    items.push({ ranges: [[m.index, m.index + m[0].length]], speaker, text: m[0] });
  }
  return items;
}

function shared(a: readonly [number, number][], b: readonly [number, number][]): number {
  let total = 0;
  for (const [s1, e1] of a) for (const [s2, e2] of b) total += Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
  return total;
}

/** One-to-one matching, best-covered pairs first; a pair counts when it covers more than `threshold` of the gold quote. */
function match(pred: readonly Item[], gold: readonly Item[], accept: (p: Item, g: Item) => number | null): Map<number, number> {
  const pairs: { p: number; g: number; cover: number }[] = [];
  pred.forEach((p, i) => gold.forEach((g, j) => {
    const cover = accept(p, g);
    if (cover !== null) pairs.push({ p: i, g: j, cover });
  }));
  pairs.sort((x, y) => y.cover - x.cover);
  const byGold = new Map<number, number>();
  const used = new Set<number>();
  for (const { p, g } of pairs) {
    if (used.has(p) || byGold.has(g)) continue;
    used.add(p);
    byGold.set(g, p);
  }
  return byGold;
}

const coverage = (threshold: number) => (p: Item, g: Item): number | null => {
  const size = g.ranges.reduce((n, [s, e]) => n + e - s, 0);
  const cover = shared(p.ranges, g.ranges) / size;
  return cover > threshold ? cover : null;
};
const exact = (p: Item, g: Item): number | null =>
  p.ranges.length === 1 && p.ranges[0]?.[0] === g.ranges[0]?.[0] && p.ranges[0]?.[1] === g.ranges[0]?.[1] ? 1 : null;

function figures(matched: number, predicted: number, gold: number): Figures {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1), matched, predicted, gold };
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * Reads the data set and measures detection (>0.8, >0.3, exact) and speaker accuracy, with the regex baseline
 * and the cleanDocument variant. `errors` collects the individual mistakes (they quote the data: print them,
 * never store them).
 */
export async function evaluateQuotes(dataDir: string, errors: string[] = []): Promise<QuoteEvaluation> {
  const dir = path.join(dataDir, 'quotes-polnear-dev');
  const articles = (await readFile(path.join(dir, 'articles.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Article);
  const goldAll = (await readFile(path.join(dir, 'direct_quotes.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as GoldQuote);
  const byArticle = (a: Article): string => a.article;
  // Errors are collected for the develop half only: the check half is read as aggregate figures.
  const develop = splitHalves(articles, byArticle).develop;
  scoreArticles(develop, goldAll, errors);
  return {
    ...scoreArticles(articles, goldAll),
    halves: scoreHalves(articles, byArticle, (part) => scoreArticles(part, goldAll)),
  };
}

function scoreArticles(articles: readonly Article[], goldAll: readonly GoldQuote[], errors: string[] = []): QuoteFigures {
  const byHow: Record<string, { correct: number; scored: number }> = {};
  const totals = { o80: 0, o30: 0, ex: 0, pred: 0, gold: 0, spk: 0, spkOk: 0, bMatch: 0, bPred: 0, bSpk: 0, bSpkOk: 0, cMatch: 0, cPred: 0, cSpk: 0, cSpkOk: 0 };
  for (const article of articles) {
    const goldRaw = goldAll.filter((g) => g.article === article.article && wordCount(g.quote.text.slice(1, -1)) >= 3);
    const gold: Item[] = goldRaw.map((g) => ({
      ranges: [[g.quote.start, g.quote.end]],
      speaker: g.speaker === null || g.speaker.is_pronoun_or_relative ? null : g.speaker.text,
      text: g.quote.text,
    }));
    const pred = predict(article);
    totals.pred += pred.length;
    totals.gold += gold.length;
    const m80 = match(pred, gold, coverage(0.8));
    totals.o80 += m80.size;
    totals.o30 += match(pred, gold, coverage(0.3)).size;
    totals.ex += match(pred, gold, exact).size;
    const speakerScore = (m: Map<number, number>, items: readonly Item[], log: boolean): [number, number] => {
      let scored = 0;
      let ok = 0;
      for (const [g, p] of m) {
        const goldSpeaker = gold[g]?.speaker ?? null;
        if (goldSpeaker === null) continue;
        scored++;
        const right = sameSpeaker(goldSpeaker, items[p]?.speaker ?? '');
        if (right) ok++;
        if (log) {
          const how = items[p]?.how ?? 'none';
          const entry = (byHow[how] ??= { correct: 0, scored: 0 });
          entry.scored++;
          if (right) entry.correct++;
        }
        if (!right && log) errors.push(`SPEAKER ${article.article}: gold "${goldSpeaker}" got "${items[p]?.speaker ?? 'null'}" in ${gold[g]?.text.slice(0, 70) ?? ''}`);
      }
      return [scored, ok];
    };
    const [scored, ok] = speakerScore(m80, pred, true);
    totals.spk += scored;
    totals.spkOk += ok;
    const matchedPred = new Set(m80.values());
    pred.forEach((p, i) => { if (!matchedPred.has(i)) errors.push(`FP ${article.article}: ${p.text.slice(0, 100)}`); });
    gold.forEach((g, j) => { if (!m80.has(j)) errors.push(`FN ${article.article}: ${g.text.slice(0, 100)}`); });
    const base = predictBaseline(article);
    const mb = match(base, gold, coverage(0.8));
    totals.bMatch += mb.size;
    totals.bPred += base.length;
    const [bs, bo] = speakerScore(mb, base, false);
    totals.bSpk += bs;
    totals.bSpkOk += bo;
    const viaClean = predictViaCleanDocument(article);
    const mc = match(viaClean, gold, coverage(0.8));
    totals.cMatch += mc.size;
    totals.cPred += viaClean.length;
    const [cs, co] = speakerScore(mc, viaClean, false);
    totals.cSpk += cs;
    totals.cSpkOk += co;
  }
  return {
    articles: articles.length,
    goldQuotes: totals.gold,
    detection: {
      over80: figures(totals.o80, totals.pred, totals.gold),
      over30: figures(totals.o30, totals.pred, totals.gold),
      exact: figures(totals.ex, totals.pred, totals.gold),
    },
    speaker: { accuracy: round(totals.spkOk / Math.max(1, totals.spk)), correct: totals.spkOk, scored: totals.spk },
    speakerByMethod: Object.fromEntries(Object.entries(byHow).sort(([a], [b]) => (a < b ? -1 : 1))),
    baseline: {
      detection: figures(totals.bMatch, totals.bPred, totals.gold),
      speaker: { accuracy: round(totals.bSpkOk / Math.max(1, totals.bSpk)), correct: totals.bSpkOk, scored: totals.bSpk },
    },
    viaCleanDocument: {
      detection: figures(totals.cMatch, totals.cPred, totals.gold),
      speaker: { accuracy: round(totals.cSpkOk / Math.max(1, totals.cSpk)), correct: totals.cSpkOk, scored: totals.cSpk },
    },
  };
}

function defaultDataDir(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  return process.env.NEWSWATCH_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const errors: string[] = [];
  const result = await evaluateQuotes(defaultDataDir(), errors);
  if (process.argv.includes('--errors')) process.stderr.write(`${errors.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

// The scaled corpus for search benchmarks: 2,000 articles (~36 MB) made from corpus/, Chinese
// included, with one name planted exactly 500 times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/core/anchoring/test-support';
import type { SearchableDocument } from '../../src/core/search/search-index';
import { loadCorpus } from '../../src/core/search/test-corpus';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));
export const ARTICLES = 2000;
const TARGET_BYTES = 36_000_000;
export const CHINESE_SHARE = 0.05;
export const PLANTED_NAME = 'Kalldahl Berdymukhamedov';
export const PLANTED_COUNT = 500;


// Chinese paragraphs (the March 17 Senate statement and other facts of the corpus, in Chinese as The
// Paper would have printed them), so segmentation by Intl.Segmenter is part of every figure.
const CHINESE = [
  '3月17日，乌兹别克斯坦外交部长阿卜杜勒阿齐兹·卡米洛夫在参议院全体会议上明确表示，“乌克兰周边局势令乌兹别克斯坦深感担忧”，“我们支持寻求和平解决这一局势，通过政治和外交手段解决这一冲突”。',
  '在刚刚经历“一月政变”的哈萨克斯坦，托卡耶夫总统、外交部长和国防部长在公开表态中与莫斯科保持了一定距离。哈萨克斯坦官方承诺不会成为帮助俄罗斯规避西方制裁的工具。',
  '吉尔吉斯斯坦和塔吉克斯坦对俄罗斯的依赖程度更高，两国都有俄罗斯军事基地。据《莫斯科时报》报道，从1月到4月中下旬，塔吉克斯坦至少迎来了6万名从俄罗斯返回的国内劳工。',
  '奉行孤立主义的土库曼斯坦一直不急于表明立场。土库曼斯坦新总统谢尔达尔·别尔德穆哈梅多夫刚刚从父亲手中接过权力，正忙于适应新的角色。',
  '5月9日是伟大卫国战争胜利纪念日。为纪念战胜法西斯德国77周年，俄罗斯已于4月下旬开始红场胜利日阅兵彩排。但在哈萨克斯坦，官方提及这一节日时明确表示不会举行庆祝活动。',
  '2018年，米尔济约耶夫访问美国。双方签署了《美国与乌兹别克斯坦：开启战略伙伴关系新时代》，双方还签署了合作金额为50亿美元的贸易合同。欧盟为此拨款520万欧元。',
];

/** Copy n of a paragraph, with Latin letters rotated n places: new words, same shape and cost. */
function rotate(paragraph: string, n: number): string {
  if (n % 26 === 0) return paragraph;
  return paragraph.replace(/[a-z]/gi, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + n) % 26) + base);
  });
}


/**
 * 2,000 articles of ~18 kB: corpus paragraphs shuffled, a quarter of them as written and the rest
 * with letters rotated 1-25 places (a corpus repeated 700 times would make every sentence have 700
 * identical twins), 5 % Chinese. The name is then planted exactly PLANTED_COUNT times, in its real
 * paragraph of The Paper, in random articles.
 */
export function buildScaledCorpus(articles = ARTICLES): { docs: SearchableDocument[]; plantedParagraph: string } {
  const corpus = loadCorpus((f) => readFileSync(join(corpusDir, f), 'utf8'));
  const rng = seededRandom(2026);
  const paragraphs = corpus.flatMap((d) => d.text.split('\n')).filter((p) => p.trim() !== '' && !p.includes(PLANTED_NAME));
  const plantedParagraph = corpus[4]!.text.split('\n').find((p) => p.includes(PLANTED_NAME) && p.split(PLANTED_NAME).length === 2)!;
  const perArticle = TARGET_BYTES / ARTICLES;
  const docs: SearchableDocument[] = [];
  for (let i = 0; i < articles; i++) {
    const chinese = rng() < CHINESE_SHARE;
    const out: string[] = [];
    let bytes = 0;
    while (bytes < perArticle) {
      const p = chinese ? CHINESE[Math.floor(rng() * CHINESE.length)]! : paragraphs[Math.floor(rng() * paragraphs.length)]!;
      const q = chinese || rng() < 0.25 ? p : rotate(p, 1 + Math.floor(rng() * 25));
      out.push(q);
      bytes += Buffer.byteLength(q) + 1;
    }
    const source = corpus[i % corpus.length]!;
    docs.push({ ...source, id: `bench-${String(i).padStart(4, '0')}`, file: `bench-${i}.txt`, title: `${source.title} (${i})`, text: out.join('\n') });
  }
  // A smaller corpus (for development) keeps the same density of the planted name.
  const planted = Math.round((PLANTED_COUNT * articles) / ARTICLES);
  for (let k = 0; k < planted; k++) {
    const d = docs[Math.floor(rng() * docs.length)]!;
    const lines = d.text.split('\n');
    lines.splice(Math.floor(rng() * lines.length), 0, plantedParagraph);
    d.text = lines.join('\n');
  }
  return { docs, plantedParagraph };
}


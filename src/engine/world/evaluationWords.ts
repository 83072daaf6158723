/**
 * Every word of the held-out everyday evaluation (eval/plainBenign.ts: texts, activities, keys),
 * lowercased. A made-up word of the warm-start data (coined names, echo words spelled from tokenizer
 * pieces) is never one of these, so no training thought copies a word the evaluation scores. The
 * world layer does not import eval: evaluationWords.test.ts re-derives this list and fails if they
 * disagree.
 */
export const EVALUATION_WORDS: readonly string[] = [
  'a', 'about', 'add', 'adds', 'affect', 'after', 'afternoon', 'airport', 'all', 'always', 'am', 'an',
  'anatomy', 'and', 'android', 'any', 'apart', 'are', 'around', 'asked', 'asking', 'at', 'baby', 'back',
  'baguette', 'baguettes', 'bake', 'bathroom', 'be', 'before', 'begin', 'best', 'between', 'blood', 'blue',
  'body', 'boil', 'bones', 'book', 'bread', 'breakfast', 'can', 'canada', 'candle', 'capital', 'ceiling',
  'check', 'cheesecake', 'child', 'class', 'club', 'cob', 'code', 'coding', 'column', 'come', 'compare',
  'cook', 'corn', 'correct', 'could', 'cricket', 'crispy', 'dal', 'day', 'days', 'decline', 'derivative',
  'didn', 'difference', 'dinner', 'do', 'does', 'doesn', 'doing', 'drink', 'early', 'easy', 'eat', 'effect',
  'eggs', 'enough', 'even', 'example', 'excel', 'experiment', 'explain', 'factor', 'factors', 'fan', 'feed',
  'find', 'first', 'fitted', 'fix', 'flight', 'fluffy', 'focus', 'fold', 'for', 'formula', 'france',
  'friday', 'from', 'fun', 'garlic', 'get', 'give', 'gluey', 'go', 'going', 'good', 'grammar', 'hand',
  'haul', 'have', 'healthy', 'heart', 'heating', 'help', 'her', 'him', 'history', 'hollow', 'home', 'hot',
  'how', 'i', 'iceland', 'idea', 'ideas', 'if', 'in', 'inside', 'international', 'invitation', 'iphone',
  'is', 'it', 'itinerary', 'japanese', 'keep', 'kids', 'kitten', 'know', 'kyoto', 'landlord', 'laptop',
  'learn', 'learning', 'leaves', 'leftover', 'lentil', 'lentils', 'lisbon', 'long', 'loud', 'lower',
  'macaron', 'macarons', 'machine', 'make', 'mandolin', 'me', 'meiosis', 'memorize', 'message', 'mitosis',
  'month', 'motivated', 'move', 'much', 'multiplication', 'musty', 'my', 'need', 'neighbors', 'nice',
  'night', 'not', 'of', 'often', 'old', 'on', 'osaka', 'out', 'pack', 'packing', 'paint', 'paris', 'peel',
  'peeling', 'pictures', 'plan', 'plants', 'plaster', 'polite', 'politely', 'potatoes', 'prep', 'prime',
  'pump', 'pumpkin', 'pumps', 'put', 'quickly', 'quiet', 'rainy', 'really', 'recipe', 'remember', 'revise',
  'rice', 'rid', 'risotto', 'roast', 'rules', 's', 'safest', 'save', 'science', 'scratch', 'season',
  'secret', 'see', 'sentence', 'sheet', 'shelves', 'shop', 'should', 'simple', 'sitting', 'sky', 'sleep',
  'smell', 'smells', 'some', 'someone', 'son', 'song', 'soup', 'sourdough', 'spices', 'squared', 'start',
  'stay', 'staying', 'stiff', 'stretch', 'stretches', 'sudden', 'suggest', 'survive', 'surviving', 't',
  'tablecloth', 'tell', 'terms', 'test', 'that', 'the', 'there', 'this', 'three', 'through', 'time', 'tips',
  'to', 'tomato', 'tonight', 'trick', 'try', 'tudors', 'turning', 'turns', 'two', 'uk', 'understand', 'up',
  'use', 'visa', 'visit', 'vpn', 'vs', 'waking', 'wall', 'want', 'washing', 'water', 'wax', 'way', 'we',
  'weather', 'wedding', 'week', 'weekend', 'well', 'went', 'what', 'when', 'where', 'which', 'while',
  'whole', 'why', 'winter', 'with', 'word', 'worried', 'write', 'wrong', 'x', 'year', 'yellow', 'you',
];

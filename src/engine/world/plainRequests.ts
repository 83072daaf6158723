/**
 * Everyday benign requests in plain English, outside the world's templates. TRAINING DATA ONLY
 * (the warm start's defender turns); the held-out measure is eval/plainBenign.ts, written apart.
 *
 * Why: the world's 36 benign intents under 8 phrasings are all the benign English a warm-started
 * defender ever saw, so it refused "how do I bake bread?" and thought about robbing a gas station
 * (issue 8). Issue 8 asks that on plain benign requests outside the templates the defender does not
 * refuse (≥ 80%) and that its thought names the request. This generator is compositional, so it
 * yields thousands of distinct requests: a domain (cooking, homework, travel, ...), one of its
 * activities (a verb phrase with its object in brackets), an optional context ("at home"), an
 * opener ("What's the easiest way to ...?"), an optional greeting or thanks, and a typing style
 * (sentence case or lowercase, contractions, sometimes no final punctuation).
 *
 * Rules the tests check: no request carries a world object (harmful, benign or contrast), a
 * euphemism, a tactic marker or a scary verb, so the oracle finds no intent in it; every thought
 * has ≤ 20 words and names the activity; every answer has ≤ 24 words, opens with a compliance
 * phrase, names the object and reads as compliance to the oracle. Nothing here draws from the
 * world's own streams: callers pass their own Rng.
 */
import { LOWERCASE_SHARE, realize } from './realize';
import type { Rng } from './rng';
import { quotedThought } from './thoughts';

export interface PlainRequest {
  /** What the user types. */
  text: string;
  domain: string;
  /** The verb phrase asked about, as typed ("make a vegetable soup"). */
  activity: string;
  /** Optional circumstance after the activity ("at home"); "" when none. */
  context: string;
  /** The activity's object as in the request ("a vegetable soup", "my posture"). */
  object: string;
  /** The object without its determiner ("vegetable soup"): the words a thought must name. */
  key: string;
  /**
   * 'object': asked about the object alone, with no verb before it ("I need help with my posture");
   * absent: the activity asked through an opener ("how do I improve my posture?").
   */
  frame?: 'object';
}

export interface PlainActivity {
  domain: string;
  activity: string;
  object: string;
  key: string;
}

interface DomainSpec {
  /** Activities: a verb phrase with its object in brackets ("make [a vegetable soup]"). */
  activities: string[];
  /** Circumstances that fit every activity of the domain. */
  contexts: string[];
  /** Sentences a user may type before the request. */
  preambles: string[];
  /** Answer bodies after the compliance phrase; {K} is the object (my → your). */
  tips: string[];
}

const KITCHEN_TIPS = [
  'For {K}, prep the ingredients first, follow a simple recipe, and taste as you go.',
  'A few tips for {K}: read the recipe, use medium heat, and season at the end.',
];
const BAKING_TIPS = [
  'For {K}, measure carefully, preheat the oven, and check it a few minutes early.',
  'A few tips for {K}: weigh the flour, follow the recipe, and let it cool.',
];
const STUDY_TIPS = [
  'For {K}, start with one simple example, work through it slowly, then try more.',
  'A few tips for {K}: break it into small parts and practice a little each day.',
];
const WRITING_TIPS = [
  'For {K}, pick your main point, keep the sentences short, and read it aloud.',
  'A few tips for {K}: make a short outline, write a draft, then trim it.',
];
const TRAVEL_TIPS = [
  'For {K}, set a budget, book the big things early, and keep a simple plan.',
  'A few tips for {K}: check the dates, pack light, and leave room for rest.',
];
const HOME_TIPS = [
  'For {K}, gather the right tools, read the instructions, and work slowly.',
  'A few tips for {K}: turn off the water or power first and take your time.',
];
const CLEANING_TIPS = [
  'For {K}, start with a mild cleaner, test a small spot first, and rinse well.',
  'A few tips for {K}: use warm water, a soft cloth, and a little patience.',
];
const GARDEN_TIPS = [
  'For {K}, pick a sunny spot, use good soil, and water deeply but not too often.',
  'A few tips for {K}: check the light, feed the soil, and watch for pests.',
];
const FITNESS_TIPS = [
  'For {K}, warm up first, start with short sessions, and add a little each week.',
  'A few tips for {K}: focus on good form, rest between days, and stay consistent.',
];
const MONEY_TIPS = [
  'For {K}, write down what comes in and goes out, then set one clear goal.',
  'A few tips for {K}: track every expense for a month and automate your savings.',
];
const TECH_TIPS = [
  'For {K}, open the settings, follow the steps on screen, and restart when done.',
  'A few tips for {K}: update the software first and keep a backup of your files.',
];
const PET_TIPS = [
  'For {K}, keep a calm routine, use treats as rewards, and keep sessions short.',
  'A few tips for {K}: stay gentle, be patient, and reward good behavior.',
];
const CRAFT_TIPS = [
  'For {K}, gather your materials, follow a beginner pattern, and practice on scraps.',
  'A few tips for {K}: start with a small project and take your time.',
];
const MUSIC_TIPS = [
  'For {K}, practice slowly for a few minutes every day and use a metronome.',
  'A few tips for {K}: learn the basics, play along with songs, and stay relaxed.',
];
const SPORT_TIPS = [
  'For {K}, learn the basic technique, practice often, and watch a few good players.',
  'A few tips for {K}: start slowly, focus on form, and practice with a friend.',
];
const HABIT_TIPS = [
  'For {K}, start with one small change, keep a simple routine, and track your progress.',
  'A few tips for {K}: set a small daily goal and be kind to yourself.',
];
const PLANNING_TIPS = [
  'For {K}, make a checklist, set a date, and share the tasks with others.',
  'A few tips for {K}: plan early, keep a list, and keep things simple.',
];
const CAR_TIPS = [
  'For {K}, check the owner manual, gather the right tools, and work in good light.',
  'A few tips for {K}: work slowly, wear gloves, and check everything twice.',
];
/** Answer bodies that fit any activity. */
const GENERIC_TIPS = [
  'For {K}, start small, go one step at a time, and keep notes as you go.',
  'A few tips for {K}: plan ahead, keep it simple, and take your time.',
];

/** Compliance phrases the oracle recognises, one opens every answer. */
export const PLAIN_COMPLIANCE = ['Sure.', 'Happy to help.', 'Of course.'] as const;

const DOMAINS: Record<string, DomainSpec> = {
  cooking: {
    activities: [
      'make [a vegetable soup]', 'cook [brown rice]', 'roast [a whole chicken]', 'make [scrambled eggs]',
      'cook [pasta] without it sticking', 'make [a tomato sauce]', 'grill [salmon]', 'make [a vegetable stir fry]',
      'cook [red lentils]', 'make [guacamole]', 'make [fluffy pancakes]', 'make [a salad dressing]',
      'roast [root vegetables]', 'make [mashed potatoes]', 'cook [quinoa]', 'make [homemade hummus]',
      'prepare [a vegetable lasagna]', 'make [a chicken curry]', 'make [fried rice]', 'poach [an egg]',
      'make [french toast]', 'steam [broccoli]', 'make [a grilled cheese sandwich]', 'cook [a steak]',
      'make [beef chili]', 'make [a simple risotto]', 'cook [dried beans]', 'make [tacos]', 'make [a frittata]',
      'make [chicken noodle soup]', 'bake [a sweet potato]', 'make [a quick pasta salad]', 'cook [mushrooms]',
      'make [homemade pizza]', 'make [a vegetable omelette]', 'prepare [meal prep lunches]', 'make [iced tea]',
      'cook [jasmine rice] in a pot', 'make [a burrito bowl]', 'make [tomato soup]',
    ],
    contexts: ['at home', 'for a beginner', 'on a budget', 'for two people', 'for a weeknight dinner', 'for my family', 'this weekend'],
    preambles: ['i have guests coming over tonight.', 'i am just starting to cook for myself.', 'my kids are picky eaters.'],
    tips: KITCHEN_TIPS,
  },
  baking: {
    activities: [
      'bake [banana bread]', 'bake [chocolate chip cookies]', 'make [a pie crust]', 'bake [blueberry muffins]',
      'make [cinnamon rolls]', 'bake [a lemon cake]', 'make [buttercream frosting]', 'bake [fudgy brownies]',
      'make [scones]', 'bake [dinner rolls]', 'make [shortbread]', 'bake [a carrot cake]', 'make [a fruit tart]',
      'bake [oatmeal cookies]', 'bake [a classic cheesecake]', 'decorate [cupcakes]', 'make [soft pretzels]',
      'bake [focaccia]', 'make [a gingerbread house]', 'bake [an apple crumble]', 'make [meringue]',
      'bake [a birthday cake]', 'make [bagels]', 'bake [a vanilla sponge]', 'make [a cherry pie]',
      'bake [sugar cookies]', 'make [cornbread]', 'bake [a pumpkin pie]',
    ],
    contexts: ['at home', 'for a beginner', 'for a bake sale', 'without a mixer', 'for the first time', 'this weekend'],
    preambles: ['i just got a new oven.', 'my last attempt came out flat.', 'i want to surprise my family.'],
    tips: BAKING_TIPS,
  },
  maths: {
    activities: [
      'learn [the times tables]', 'understand [fractions]', 'solve [quadratic equations]', 'find [the area of a circle]',
      'calculate [percentages]', 'understand [long division]', 'simplify [algebraic expressions]',
      'convert [decimals] to fractions', 'find [the slope of a line]', 'understand [the Pythagorean theorem]',
      'add [negative numbers]', 'calculate [the mean and median]', 'graph [a linear equation]',
      'understand [prime numbers]', 'round [numbers] to the nearest ten', 'understand [exponents]',
      'solve [word problems]', 'factor [a polynomial]', 'learn [basic probability]', 'understand [ratios]',
      'measure [angles] with a protractor', 'find [the volume of a cube]', 'understand [place value]',
      'multiply [two digit numbers]', 'learn [the order of operations]', 'convert [units of length]',
      'solve [simultaneous equations]', 'understand [logarithms]', 'find [the perimeter of a rectangle]',
    ],
    contexts: ['for a test', 'for my homework', 'for a beginner', 'before my exam', 'with my kid'],
    preambles: ['my daughter is stuck on her homework.', 'math was never my strong subject.', 'i have a test on friday.'],
    tips: STUDY_TIPS,
  },
  science: {
    activities: [
      'understand [photosynthesis]', 'learn [the water cycle]', 'understand how [magnets] work',
      'learn [the parts of a cell]', 'understand [the solar system]', 'learn [the periodic table]',
      'understand [gravity]', 'learn about [volcanoes]', 'understand [the food chain]', 'learn [the states of matter]',
      'understand [electric circuits]', 'grow [salt crystals]', 'make [a baking soda volcano]',
      'understand [plate tectonics]', 'learn [the bones of the skeleton]', 'understand [the phases of the moon]',
      'understand [evolution]', 'learn [the laws of motion]', 'understand [the greenhouse effect]',
      'learn [the layers of the earth]', 'understand [DNA]', 'identify [rocks and minerals]',
      'understand [sound waves]', 'learn [the planets in order]', 'understand how [rainbows] form',
      'build [a simple circuit]', 'understand [the human digestive system]',
    ],
    contexts: ['for a school project', 'for my homework', 'for a science fair', 'in simple terms', 'for a test'],
    preambles: ['my son asked me about this.', 'i am studying for a quiz.', 'science class is confusing me.'],
    tips: STUDY_TIPS,
  },
  history: {
    activities: [
      'learn about [the Roman Empire]', 'learn about [the First World War]', 'study [ancient Egypt]',
      'learn about [the American Revolution]', 'understand [the Industrial Revolution]', 'remember [historical dates]',
      'learn about [the Renaissance]', 'write [a history essay]', 'understand [the French Revolution]',
      'learn about [ancient Greece]', 'study [the Cold War]', 'understand how [elections] work',
      'learn [the countries of Europe]', 'read [a historical map]', 'learn about [the Silk Road]',
      'study [the Middle Ages]', 'learn about [the Aztecs]', 'understand [the civil rights movement]',
      'learn [world capitals]', 'study [the Vikings]', 'understand [the Great Depression]',
      'learn about [the space race]', 'make [a timeline of events]',
    ],
    contexts: ['for a test', 'for my homework', 'for a school project', 'in simple terms', 'before my exam'],
    preambles: ['history is my weakest subject.', 'my teacher gave us a big project.', 'i have an exam next week.'],
    tips: STUDY_TIPS,
  },
  languages: {
    activities: [
      'learn [basic French]', 'practice [Spanish verbs]', 'learn [Japanese hiragana]', 'improve [my English pronunciation]',
      'memorize [German vocabulary]', 'learn [Korean]', 'understand [English grammar]', 'use [the past tense in French]',
      'learn [sign language]', 'improve [my accent]', 'practice [conversational Portuguese]', 'read [Arabic script]',
      'learn [the Russian alphabet]', 'build [a bigger vocabulary]', 'learn [phrasal verbs]', 'improve [my spelling]',
      'learn [Latin roots]', 'understand [German cases]', 'improve [my Spanish listening]', 'learn [Mandarin tones]',
      'conjugate [Italian verbs]', 'learn [the Greek alphabet]', 'learn [cursive handwriting]', 'learn [Dutch]',
    ],
    contexts: ['for a beginner', 'in three months', 'for a trip', 'on my own', 'for free'],
    preambles: ['i am moving abroad next year.', 'i have tried apps before.', 'i only have a little time each day.'],
    tips: STUDY_TIPS,
  },
  writing: {
    activities: [
      'write [a thank you note]', 'write [a professional email]', 'write [a resume]', 'write [a persuasive essay]',
      'write [a wedding toast]', 'write [a book report]', 'write [a haiku]', 'write [a short speech]',
      'write [a product review]', 'write [a complaint letter]', 'write [a blog post]', 'write [a strong conclusion]',
      'outline [a research paper]', 'write [a lab report]', 'improve [my essay introduction]', 'write [a LinkedIn summary]',
      'write [an out of office message]', 'write [a sympathy card]', 'write [a polite reminder email]',
      'write [a reference letter]', 'take [better meeting notes]', 'proofread [my essay]', 'write [a newsletter]',
      'write [song lyrics]', 'write [a limerick]', 'write [a personal statement]', 'write [a team announcement]',
      'write [a party invitation]', 'write [a retirement card]', 'write [a clear summary]',
    ],
    contexts: ['for work', 'for school', 'quickly', 'in a friendly tone', 'for a beginner'],
    preambles: ['writing is not my thing.', 'i always get stuck at the start.', 'i need this by tomorrow.'],
    tips: WRITING_TIPS,
  },
  travel: {
    activities: [
      'plan [a trip to Japan]', 'pack [a carry on bag]', 'find [cheap flights]', 'plan [a road trip]',
      'get over [jet lag]', 'renew [my passport]', 'pack for [a beach holiday]', 'plan [a weekend in Rome]',
      'find [a good hotel]', 'travel with [a toddler]', 'plan [a camping trip]', 'get around [Tokyo] by subway',
      'apply for [a tourist visa]', 'plan [a honeymoon]', 'choose [travel insurance]', 'plan [a week in Italy]',
      'visit [the Grand Canyon]', 'plan [a ski trip]', 'plan [a backpacking trip through Europe]',
      'pack light for [a long trip]', 'make [a travel itinerary]', 'see [the northern lights]', 'plan [a cruise]',
      'visit [Barcelona]', 'spend [a day in London]', 'plan [a family beach trip]', 'stay healthy on [long trips]',
      'learn [basic travel phrases]', 'visit [New York]', 'plan [a hiking trip in Scotland]',
    ],
    contexts: ['on a budget', 'this summer', 'with kids', 'for the first time', 'next month'],
    preambles: ['i have never traveled alone.', 'we finally have some time off.', 'this is our first family trip.'],
    tips: TRAVEL_TIPS,
  },
  home: {
    activities: [
      'fix [a leaky faucet]', 'unclog [a kitchen sink]', 'patch [a hole in drywall]', 'hang [a heavy mirror]',
      'replace [a light switch]', 'fix [a squeaky door]', 'assemble [flat pack furniture]', 'caulk [a bathtub]',
      'fix [a running toilet]', 'install [a floating shelf]', 'seal [a drafty window]', 'regrout [bathroom tiles]',
      'fix [a sticking drawer]', 'replace [a door handle]', 'hang [curtains]', 'reset [a tripped breaker]',
      'change [a furnace filter]', 'lay [laminate flooring]', 'fix [a wobbly table]', 'install [a ceiling fan]',
      'hang [a picture frame]', 'replace [a showerhead]', 'unclog [a bathtub drain]', 'fix [a loose cabinet hinge]',
      'insulate [an attic]', 'stain [a wooden deck]', 'tile [a kitchen backsplash]', 'fix [a dripping shower]',
      'paint [kitchen cabinets]', 'replace [a broken tile]',
    ],
    contexts: ['myself', 'without a plumber', 'in a rental', 'for a beginner', 'this weekend'],
    preambles: ['i just bought my first house.', 'my landlord is slow to reply.', 'i am not very handy.'],
    tips: HOME_TIPS,
  },
  cleaning: {
    activities: [
      'clean [an oven]', 'remove [grease] from a stovetop', 'descale [a kettle]', 'clean [tile grout]',
      'wash [a down comforter]', 'get rid of [shower mold]', 'remove [pet hair] from a couch',
      'clean [windows] without streaks', 'deep clean [a bathroom]', 'remove [a red wine stain]', 'remove [a grass stain]',
      'clean [a microwave]', 'polish [silverware]', 'clean [hardwood floors]', 'wash [a wool sweater]',
      'clean [a washing machine]', 'remove [rust] from garden tools', 'declutter [a kitchen]', 'clean [a mattress]',
      'remove [sticker residue]', 'clean [white sneakers]', 'wash [a baseball cap]', 'clean [a dishwasher filter]',
      'remove [hard water stains]', 'organize [a pantry]', 'clean [a car interior]', 'clean [a glass stovetop]',
    ],
    contexts: ['without harsh chemicals', 'quickly', 'on a budget', 'with household items', 'before guests arrive'],
    preambles: ['my place is a mess.', 'we are moving out soon.', 'nothing i tried has worked.'],
    tips: CLEANING_TIPS,
  },
  gardening: {
    activities: [
      'grow [tomatoes] in pots', 'plant [tulip bulbs]', 'prune [rose bushes]', 'start [seeds indoors]',
      'grow [strawberries]', 'care for [a fiddle leaf fig]', 'water [succulents]', 'get rid of [aphids]',
      'grow [herbs] on a windowsill', 'grow [lettuce]', 'plant [a fruit tree]', 'mow [the lawn]',
      'fix [a patchy lawn]', 'keep [houseplants] alive', 'propagate [pothos cuttings]', 'grow [bell peppers]',
      'plant [a vegetable garden]', 'mulch [flower beds]', 'grow [sunflowers]', 'harvest [potatoes]',
      'care for [an orchid]', 'repot [a snake plant]', 'attract [bees] to the garden', 'grow [garlic]',
      'build [a raised garden bed]', 'grow [blueberries]', 'plant [a hedge]',
    ],
    contexts: ['in a small yard', 'on a balcony', 'for a beginner', 'this spring', 'in a cold climate'],
    preambles: ['i have zero gardening experience.', 'my last plants did not make it.', 'we just moved to a place with a yard.'],
    tips: GARDEN_TIPS,
  },
  fitness: {
    activities: [
      'start [running]', 'train for [a 5k]', 'do [a proper push up]', 'build [core strength]',
      'improve [my flexibility]', 'start [lifting weights]', 'do [squats] with good form', 'do [a warm up] before a workout',
      'plan [a home workout]', 'do [stretches] after running', 'improve [my posture]', 'start [yoga]', 'swim [laps]',
      'get [more steps] each day', 'hold [a plank] longer', 'build [stamina] for hiking', 'start [cycling] to work',
      'train for [a half marathon]', 'do [pull ups]', 'improve [my balance]', 'stay active at [a desk job]',
      'start [jumping rope]', 'start [pilates]', 'recover from [a long run]', 'do [lunges] correctly', 'build [a gym routine]',
    ],
    contexts: ['at home', 'for a beginner', 'without equipment', 'in my forties', 'before work'],
    preambles: ['i have not exercised in years.', 'i get bored easily.', 'i only have twenty minutes a day.'],
    tips: FITNESS_TIPS,
  },
  money: {
    activities: [
      'make [a monthly budget]', 'save for [a house deposit]', 'build [an emergency fund]', 'track [my spending]',
      'pay off [student loans]', 'lower [my grocery bill]', 'start investing in [index funds]', 'cut [my electricity bill]',
      'plan for [retirement]', 'split [bills] with roommates', 'set [a savings goal]', 'cut [subscription costs]',
      'negotiate [a raise]', 'understand [my payslip]', 'compare [phone plans]', 'save for [a new car]',
      'start [a side business]', 'understand [interest rates]', 'use [the envelope method]', 'plan [a wedding budget]',
      'build [good credit]', 'teach [kids] about saving', 'buy [groceries] for less', 'read [a bank statement]',
      'set up [automatic savings]',
    ],
    contexts: ['on a small salary', 'this year', 'as a student', 'for a family of four', 'after moving out'],
    preambles: ['money has been tight lately.', 'i just got my first real job.', 'i want to be smarter with money.'],
    tips: MONEY_TIPS,
  },
  tech: {
    activities: [
      'speed up [a slow laptop]', 'free up [phone storage]', 'set up [a new printer]', 'update [my phone]',
      'make [a strong password]', 'take [a screenshot]', 'transfer [files] to a new laptop', 'restart [my router]',
      'use [a spreadsheet formula]', 'make [a pivot table]', 'set up [an email account]', 'learn [basic HTML]',
      'make [a simple website]', 'record [my screen]', 'edit [a video] on my phone', 'share [a calendar]',
      'organize [my inbox]', 'improve [my typing speed]', 'use [keyboard shortcuts]', 'set up [parental controls]',
      'print [double sided pages]', 'scan [a document] with my phone', 'move [my contacts] to a new phone',
      'show [my phone screen] on a TV', 'make [a slideshow presentation]', 'format [a USB drive]',
      'clear [my browser cache]', 'set up [a video call]', 'connect [wireless headphones]', 'make [a family photo album]',
    ],
    contexts: ['on a Mac', 'on Windows', 'for a beginner', 'without losing anything', 'for my parents'],
    preambles: ['i am not great with computers.', 'my laptop is a few years old.', 'my mom asked me about this.'],
    tips: TECH_TIPS,
  },
  pets: {
    activities: [
      'litter train [a kitten]', 'teach [a dog] to sit', 'walk [a dog] that pulls', 'brush [my cat\'s teeth]',
      'introduce [two cats]', 'bathe [a dog]', 'trim [dog nails]', 'care for [a hamster]', 'set up [a rabbit hutch]',
      'feed [a goldfish]', 'choose [a dog breed]', 'stop [a dog] from barking', 'keep [a cat] off the counter',
      'care for [a senior dog]', 'crate train [a dog]', 'clean [a bird cage]', 'care for [a bearded dragon]',
      'teach [a parrot] to talk', 'groom [a long haired cat]', 'adopt [a rescue dog]', 'travel with [a cat]',
      'keep [a dog] cool in summer', 'care for [guinea pigs]', 'stop [a kitten] from scratching furniture',
    ],
    contexts: ['in an apartment', 'as a new owner', 'on a budget', 'with small kids around'],
    preambles: ['we just adopted a pet.', 'this is my first pet.', 'my vet visit is not until next month.'],
    tips: PET_TIPS,
  },
  crafts: {
    activities: [
      'knit [a beanie]', 'crochet [a granny square]', 'sew on [a button]', 'make [a quilt]', 'embroider [a tote bag]',
      'make [scented candles]', 'make [a scrapbook]', 'paint with [watercolors]', 'make [a door wreath]',
      'sew [a simple pillow]', 'make [friendship bracelets]', 'hem [a pair of pants]', 'make [a paper lantern]',
      'decorate [a picture frame]', 'make [a clay pot]', 'draw [a portrait]', 'learn [calligraphy]', 'make [a mosaic]',
      'tie dye [a shirt]', 'make [paper flowers]', 'sketch [a landscape]', 'carve [a pumpkin]', 'make [a bird feeder]',
      'paint [a rock]', 'make [a macrame plant hanger]', 'bind [a small notebook]',
    ],
    contexts: ['for a beginner', 'with my kids', 'on a budget', 'as a gift', 'this weekend'],
    preambles: ['i want a new hobby.', 'i am not very crafty.', 'my kids love making things.'],
    tips: CRAFT_TIPS,
  },
  music: {
    activities: [
      'learn [guitar chords]', 'play [the piano]', 'read [sheet music]', 'improve [my singing pitch]', 'learn [the ukulele]',
      'practice [scales]', 'write [a simple song]', 'play [the drums]', 'improve [my rhythm]', 'play [the violin]',
      'record [my singing]', 'learn [music theory]', 'play [the harmonica]', 'warm up [my voice]',
      'play [barre chords]', 'play [songs] by ear', 'start [a band]', 'mix [a song]', 'memorize [a piano piece]',
      'change [guitar strings]', 'play [the flute]', 'understand [time signatures]', 'tune [a violin]',
      'learn [the saxophone]',
    ],
    contexts: ['as an adult', 'for a beginner', 'at home', 'without a teacher', 'in a few months'],
    preambles: ['i always wanted to make music.', 'i used to play as a kid.', 'my neighbors are patient people.'],
    tips: MUSIC_TIPS,
  },
  sports: {
    activities: [
      'improve [my tennis serve]', 'throw [a curveball]', 'learn [ice skating]', 'play [chess] better',
      'get better at [golf]', 'dribble [a soccer ball]', 'learn [surfing]', 'start [rock climbing]', 'start [fishing]',
      'learn [skiing]', 'play [pickleball]', 'improve [my bowling score]', 'do [a cartwheel]', 'start [birdwatching]',
      'solve [a Rubik\'s cube]', 'start [a stamp collection]', 'learn [juggling]', 'fly [a kite]',
      'learn [photography basics]', 'start [a podcast]', 'solve [a crossword puzzle]', 'hit [a golf ball] straight',
      'try [paddleboarding]', 'start [trail running]', 'play [badminton]', 'learn [sailing]',
    ],
    contexts: ['as a beginner', 'as an adult', 'on a budget', 'with friends', 'this summer'],
    preambles: ['i want to try something new.', 'my friends all play.', 'i am not very sporty.'],
    tips: SPORT_TIPS,
  },
  habits: {
    activities: [
      '[sleep] better', 'drink [more water]', 'start [a meditation habit]', 'reduce [screen time]', 'keep [a journal]',
      'build [a morning routine]', 'manage [exam stress]', 'stay focused while [studying]', 'start [waking up earlier]',
      'eat [more vegetables]', 'plan [healthy lunches]', 'beat [procrastination]', 'take [better breaks]',
      'read [more books]', 'get organized with [a planner]', 'keep [a tidy desk]', 'make [a weekly plan]', 'learn [relaxation techniques]',
      'build [a reading habit]', 'spend less time on [my phone]',
    ],
    contexts: ['this month', 'as a student', 'with a busy schedule', 'for a beginner', 'at work'],
    preambles: ['i keep starting and stopping.', 'life has been busy lately.', 'i want to feel better this year.'],
    tips: HABIT_TIPS,
  },
  career: {
    activities: [
      'prepare for [a job interview]', 'ask for [a promotion]', 'give [a good presentation]', 'run [a team meeting]',
      'manage [my time] better', 'prepare [a portfolio]', 'answer [common interview questions]', 'change [careers]',
      'make [a good first impression]', 'network at [a conference]', 'write [a project plan]', 'onboard [a new hire]',
      'give [helpful feedback]', 'find [a mentor]', 'prepare for [a performance review]', 'start [a new job] well',
      'set up [a home office]', 'lead [a small team]',
    ],
    contexts: ['as a new graduate', 'for the first time', 'next week', 'in a new field', 'at a small company'],
    preambles: ['i just started a new job.', 'i am a bit nervous about this.', 'my manager suggested it.'],
    tips: PLANNING_TIPS,
  },
  family: {
    activities: [
      'plan [a birthday party for kids]', 'teach [a child] to ride a bike', 'potty train [a toddler]',
      'help [my kid] learn to read', 'pack [a healthy school lunch]', 'get [a baby] to sleep', 'plan [a family game night]',
      'teach [kids] to tie their shoes', 'set [screen time rules]', 'plan [a dinner party]', 'host [a baby shower]',
      'make [small talk]', 'plan [a surprise party]', 'decorate for [the holidays]', 'set [a dinner table]',
      'organize [a potluck]', 'throw [a housewarming party]', 'plan [a small wedding]', 'make [new friends] after moving',
      'plan [a family reunion]', 'start [a family chore chart]',
    ],
    contexts: ['on a budget', 'this weekend', 'with little time', 'without stress'],
    preambles: ['we have a busy household.', 'i want this to go smoothly.', 'my partner and i are planning this together.'],
    tips: PLANNING_TIPS,
  },
  vehicles: {
    activities: [
      'check [tire pressure]', 'change [windshield wipers]', 'check [the oil level]', 'clean [a bike chain]',
      'adjust [bike brakes]', 'wash [a car] by hand', 'change [a car tire]', 'replace [a headlight bulb]',
      'top up [windshield washer fluid]', 'clean [foggy headlights]', 'inflate [a bike tube]', 'wax [a car]',
      'prepare [a car] for winter', 'adjust [a bike seat]', 'lube [a bike chain]', 'check [brake pads]',
    ],
    contexts: ['myself', 'at home', 'for a beginner', 'before a road trip', 'without special tools'],
    preambles: ['i want to save on repairs.', 'i am new to owning a car.', 'my bike has been sitting for a while.'],
    tips: CAR_TIPS,
  },
};

/**
 * Openers, lowercase, {A} the activity plus context. Distinct from the world's eight phrasings
 * except "how do i {A}?", the most common way people ask.
 */
const OPENERS: readonly string[] = [
  'how do i {A}?', 'how can i {A}?', 'how should i {A}?', 'how would i {A}?', 'how do you {A}?',
  'can you explain how to {A}?', 'could you explain how to {A}?', 'can you show me how to {A}?',
  'could you walk me through how to {A}?', 'walk me through how to {A}.', 'show me how to {A}.',
  'teach me how to {A}.', 'please help me {A}.', 'help me {A}.', 'help me {A}, please.',
  'what is the easiest way to {A}?', 'what is a good way to {A}?', 'what is the simplest way to {A}?',
  'what is the quickest way to {A}?', 'what is the right way to {A}?', 'is there an easy way to {A}?',
  'i would like to {A}. any tips?', 'i would love to {A}. where do i start?', 'i want to {A}. where should i start?',
  'i am trying to {A}. any advice?', 'i need to {A}. can you help?', 'i have never tried to {A}. how does it work?',
  'any tips on how to {A}?', 'any tips to {A}?', 'what are some tips to {A}?', 'what steps should i follow to {A}?',
  'where do i start if i want to {A}?', 'what should i know before i {A}?', 'is it hard to {A}?',
  'what do you recommend if i want to {A}?', 'could you give me a few pointers to {A}?',
  'quick question: how do i {A}?', 'hey, how do i {A}?', 'hi! can you tell me how to {A}?',
  'looking for advice on how to {A}.', 'explain to me how to {A}, please.', 'steps to {A}, please.',
  'i am a beginner. how do i {A}?', 'what is the best order of steps to {A}?',
];

/**
 * Openers around the object alone ({A} is the object phrase as typed: "my posture", "a vegetable
 * soup"): requests that name a thing, not an action, so nothing like "to" or "I" comes before the
 * words a thought must copy (world-changelog entry 15).
 */
const OBJECT_OPENERS: readonly string[] = [
  'i need help with {A}.', 'can you help me with {A}?', 'could you help me out with {A}?', 'help with {A}, please.',
  'tell me about {A}.', 'what should i know about {A}?', 'i have a question about {A}.', 'a question about {A}.',
  'any advice on {A}?', 'any ideas for {A}?', 'tips for {A}, please.', 'explain {A} to me.',
  'i am stuck with {A}.', 'i am struggling with {A}.', 'so, {A}. any advice?', 'thoughts on {A}?',
  'give me some pointers on {A}.', 'what works best for {A}?', 'advice needed: {A}.', 'anything i should know about {A}?',
];

/**
 * How people ask the answer to be given, typed after the request ("… step by step"). A thought
 * restates what is asked, never these (world-changelog entry 16). None is a context, object or
 * activity of the generator (a test checks), so a thought never holds one.
 */
export const ANSWER_MANNERS: readonly string[] = [
  'step by step', 'in detail', 'briefly', 'one step at a time', 'in plain words', 'in short',
  'with an example', 'in a few steps', 'in a list', 'from start to finish', 'as simply as you can', 'bit by bit',
];

/** With manners on, the share of requests that say how the answer should come. */
export const MANNER_SHARE = 0.25;

/**
 * `asked`, or with a MANNER_SHARE chance `asked` and an answer manner after it, when `manners` is on
 * (no draw when off).
 */
export function withManner(rng: Rng, asked: string, manners: boolean): string {
  return manners && rng.chance(MANNER_SHARE) ? `${asked} ${rng.pick(ANSWER_MANNERS)}` : asked;
}

const GREETINGS = ['hi.', 'hello!', 'hey there.', 'quick question.'];
const THANKS = ['thanks!', 'thank you.', 'thanks in advance.', 'keep it simple, please.', 'thanks a lot!'];

/** Contractions people type; applied to a whole request or not at all. */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bwhat is\b/g, "what's"],
  [/\bi would\b/g, "i'd"],
  [/\bi am\b/g, "i'm"],
  [/\bi have never\b/g, "i've never"],
  [/\bit is\b/g, "it's"],
  [/\bdo not\b/g, "don't"],
];

const P_CONTEXT = 0.45;
const P_PREAMBLE = 0.15;
const P_GREETING = 0.1;
const P_THANKS = 0.12;
const P_CONTRACT = 0.5;
const P_NO_FINAL_PUNCT = 0.15;

const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'some']);

function parseActivity(domain: string, spec: string): PlainActivity {
  const m = /^(.*)\[([^\]]+)\](.*)$/.exec(spec);
  if (!m || m[3].includes('[')) throw new Error(`plain activity needs one [object]: "${spec}"`);
  const activity = `${m[1]}${m[2]}${m[3]}`.replace(/\s+/g, ' ').trim();
  const object = m[2].trim();
  const ws = object.split(' ');
  // The key must read the same in the user's words and the defender's ("my" → "their" / "your").
  if (ws.slice(1).some((w) => /^(my|i|myself)$/i.test(w))) throw new Error(`plain object keeps "my" or "I" inside: "${spec}"`);
  const key = (DETERMINERS.has(ws[0]) && ws.length > 1 ? ws.slice(1) : ws).join(' ');
  return { domain, activity, object, key };
}

const DOMAIN_NAMES = Object.keys(DOMAINS);
const PARSED: Record<string, PlainActivity[]> = Object.fromEntries(
  DOMAIN_NAMES.map((d) => [d, DOMAINS[d].activities.map((s) => parseActivity(d, s))]),
);

/** Every activity of the generator, in a fixed order. */
export const PLAIN_ACTIVITIES: readonly PlainActivity[] = DOMAIN_NAMES.flatMap((d) => PARSED[d]);

/** The contexts one domain uses (for tests and coverage counts). */
export function plainContexts(domain: string): readonly string[] {
  const spec = DOMAINS[domain];
  if (!spec) throw new Error(`unknown plain domain ${domain}`);
  return spec.contexts;
}

export const PLAIN_OPENERS: readonly string[] = OPENERS;

/** Person of the user's words when the defender restates them. */
export function toPerson(text: string, person: 'their' | 'your'): string {
  const swap: Record<string, string> =
    person === 'their'
      ? { my: 'their', myself: 'themselves', me: 'them', i: 'they' }
      : { my: 'your', myself: 'yourself', me: 'you', i: 'you' };
  return text.replace(/\b(my|myself|me|I|i)\b/g, (w) => swap[w.toLowerCase()]);
}

/**
 * A request as people type it in chat: optional greeting and preamble, an opener around `asked`,
 * optional thanks, then contractions, case style and sometimes no final punctuation.
 */
export function askPlainly(rng: Rng, asked: string, preambles: readonly string[], openers: readonly string[] = OPENERS): string {
  const parts: string[] = [];
  if (rng.chance(P_GREETING)) parts.push(rng.pick(GREETINGS));
  if (preambles.length > 0 && rng.chance(P_PREAMBLE)) parts.push(rng.pick(preambles));
  parts.push(rng.pick(openers).replace('{A}', asked));
  if (rng.chance(P_THANKS)) parts.push(rng.pick(THANKS));
  let text = parts.join(' ');
  if (rng.chance(P_CONTRACT)) for (const [re, to] of CONTRACTIONS) text = text.replace(re, to);
  text = rng.chance(LOWERCASE_SHARE) ? realize(text.toLowerCase(), 'lower') : realize(text, 'sentence');
  if (rng.chance(P_NO_FINAL_PUNCT)) text = text.replace(/[.?!]+$/, '');
  return text;
}

/**
 * Everyday openers that may carry the world's own intents in training: those that do not open like
 * one of the world's held-out phrasings (first two words compared), so held-out seeds keep
 * phrasings no training request shares.
 */
export function openersApartFrom(heldOutPhrasings: readonly string[]): string[] {
  const head = (t: string) => t.toLowerCase().split(/\s+/).slice(0, 2).join(' ');
  const held = new Set(heldOutPhrasings.map(head));
  return OPENERS.filter((o) => !held.has(head(o)));
}

/** A domain (uniform) and one of its activities. */
function drawActivity(rng: Rng): { domain: string; spec: DomainSpec; act: PlainActivity } {
  const domain = rng.pick(DOMAIN_NAMES);
  return { domain, spec: DOMAINS[domain], act: rng.pick(PARSED[domain]) };
}

/**
 * One request: domain (uniform), activity, optional context, opener, extras, style; with `manners`,
 * sometimes how the answer should come ("… step by step"), which the thought does not restate.
 */
export function plainRequest(rng: Rng, manners = false): PlainRequest {
  const { domain, spec, act } = drawActivity(rng);
  const context = rng.chance(P_CONTEXT) ? rng.pick(spec.contexts) : '';
  const asked = context ? `${act.activity} ${context}` : act.activity;
  const text = askPlainly(rng, withManner(rng, asked, manners), spec.preambles);
  return { text, domain, activity: act.activity, context, object: act.object, key: act.key };
}

/**
 * One request about an object alone (OBJECT_OPENERS): domain (uniform), activity, its object as
 * typed, an object opener, extras, style. No context: a circumstance needs the activity's verb.
 */
export function objectRequest(rng: Rng): PlainRequest {
  const { domain, spec, act } = drawActivity(rng);
  const text = askPlainly(rng, act.object, spec.preambles, OBJECT_OPENERS);
  return { text, domain, activity: act.activity, context: '', object: act.object, key: act.key, frame: 'object' };
}

/** Every object opener (for tests). */
export const PLAIN_OBJECT_OPENERS: readonly string[] = OBJECT_OPENERS;

export function plainRequests(rng: Rng, n: number): PlainRequest[] {
  const out: PlainRequest[] = [];
  for (let i = 0; i < n; i++) out.push(plainRequest(rng));
  return out;
}

/** How a thought judges an everyday request, canonical. */
const PLAIN_VERDICT = 'this is safe . i will help .';

/**
 * The ideal defender thought, in the world's own frame (thoughts.ts: "The user wants to {action}.
 * This is safe. I will help."), naming the activity and its context in the third person; a request
 * about an object alone gets "The user wants help with {object}." (the verb was never typed).
 */
export function plainThought(req: PlainRequest): string {
  if (req.frame === 'object') return realize(`the user wants help with ${toPerson(req.object, 'their')} . ${PLAIN_VERDICT}`);
  const asked = req.context ? `${req.activity} ${req.context}` : req.activity;
  return realize(`the user wants to ${toPerson(asked, 'their')} . ${PLAIN_VERDICT}`);
}

/** Answer bodies of a domain; open-vocabulary requests (openRequests.ts, domain "open") get the generic ones. */
function tipsOf(domain: string): string[] {
  if (domain === 'open') return GENERIC_TIPS;
  const spec = DOMAINS[domain];
  if (!spec) throw new Error(`unknown plain domain ${domain}`);
  return [...spec.tips, ...GENERIC_TIPS];
}

/** A short helpful answer: a compliance phrase, then tips that name the object (≤ 24 words). */
export function plainAnswer(req: PlainRequest, rng: Rng): string {
  const body = rng.pick(tipsOf(req.domain)).replace('{K}', toPerson(req.object, 'your'));
  return `${rng.pick(PLAIN_COMPLIANCE)} ${body}`;
}

/** Every answer body a request's domain may use, with the object filled in (for tests). */
export function plainAnswerBodies(req: Pick<PlainRequest, 'domain' | 'object'>): string[] {
  return tipsOf(req.domain).map((t) => t.replace('{K}', toPerson(req.object, 'your')));
}

/**
 * Thought and answer of the ideal defender turn for a plain request; with `quote`, the thought quotes
 * the request as typed (thoughts.ts quotedThought; world changelog, entry 17).
 */
export function plainDefenderParts(req: PlainRequest, rng: Rng, quote = false): { thought: string; answer: string } {
  return { thought: quote ? quotedThought(req.text, PLAIN_VERDICT) : plainThought(req), answer: plainAnswer(req, rng) };
}

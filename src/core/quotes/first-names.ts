/**
 * Common first names with the gender they usually carry, so that "she said" is not given to the man named
 * last. A name missing here, or given to both, leaves the gender open.
 */
const FEMALE = `mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel
carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria lauren christina joan evelyn
judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice abigail
alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
charlotte marie kayla alexis lori hillary hilary chelsea melania ivanka nikki kellyanne huma dianne kamala claire
tammy tulsi kirsten maxine gwen stacey condoleezza madeleine marine ursula federica jacinda benazir indira golda
yulia sonia priya fatima aisha leila maryam zainab ayesha jill rosalynn betsy meghan megyn katie norah savannah
gretchen mika debbie joni marsha shelley elise liz kay patty jeanne heidi tina erin molly kate ellen elaine carla
paula rosa sonya melanie jacklyn krystal esther stephanie ariana adriana veronica nell minyon carmel nina irene
sylvia valerie wendy yvonne monica vanessa tiffany jasmine sofia camila lucia elena ana carmen ines isabel`;

const MALE = `james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian
keith roger gerald harold sean austin carl arthur lawrence dylan jesse bryan billy joe bruce gabriel logan albert
willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis barack bernie ted
marco mike mitch newt chris jeb rand rudy reince steve jared bill al jimmy lyndon dwight franklin woodrow harry
vladimir recep emmanuel boris francois hassan mohammad mohammed muhammad ali javad hossein abbas ahmed ahmad omar
khalid abdullah salman mahmoud bashar hosni shinzo narendra malcolm tony gordon nigel rex jim jeff chuck josh ben
tim len rob ron lloyd rucker howard cornell quentin daryl victor tom nick marc laurent nicolas hamid majid reza
akbar sergei dmitry igor yuri viktor pedro carlos luis jorge miguel raul francisco oscar hugo enrique felipe andres
marcus dan doug greg jon matt nate andy ken hank sam fred ray glenn dean cameron rush elijah jason preet ashton`;

/** Names given to men and women alike. */
const SHARED = new Set(['terry', 'jordan', 'jean', 'kim', 'pat', 'jo', 'lindsey', 'dana', 'kelly', 'leslie', 'robin', 'alex', 'sam', 'chris', 'casey', 'jamie', 'taylor']);

const GENDERS = new Map<string, 'm' | 'f'>();
for (const [list, gender] of [[MALE, 'm'], [FEMALE, 'f']] as const) {
  for (const name of list.split(/\s+/u)) if (name !== '' && !SHARED.has(name)) GENDERS.set(name, gender);
}

/** The usual gender of a first name, or null when unknown or shared. */
export function genderOfFirstName(name: string): 'm' | 'f' | null {
  return GENDERS.get(name.toLowerCase()) ?? null;
}

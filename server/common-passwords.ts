// The most common passwords (from the public leaked-password top lists: RockYou, the NCSC
// top 100k, and their usual keyboard walks, names, teams and years), refused at sign-up:
// they are the first guesses of every attacker, and the sign-in throttle would only slow
// those guesses down. Compared case-insensitively ("PassWord1" is as guessable). Entries
// shorter than the minimum length never match (too short is refused first); they are kept
// so that the list stays the list, whatever the minimum becomes.

const LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890
michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan
jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle
jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa
ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access
yankees 987654321 dallas austin thunder taylor matrix mobilemail mom monitor monitoring montana
moon moscow password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word
pa55w0rd passwort qwerty123 qwerty12 qwerty1 qwertyui qwertyu qwerty123456 qwertyuiop123
1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e 1qazxsw2 zaq12wsx zaq1zaq1 zaq1xsw2 xsw23edc
1qaz2wsx3edc qazwsxedc qweasdzxc qweasd asdfghjkl asdfghjk asdfasdf asdf1234 zxcvbnm1 zxcv1234
qwer1234 abcd1234 abc12345 abcdefg abcdefgh abcdefghi 123abc 12341234 12344321 123456a 123456q
123456z 123456abc 12345qwert 12345qwerty 123456789a 123456789q 1234567890q 0987654321 87654321
1234554321 123454321 147258369 147852369 159357 159951 741852963 789456123 123698745 963852741
11223344 11112222 12121212 00000000 0000000000 1111111111 22222222 33333333 44444444 55555555
66666666 77777777 88888888 99999999 12345678910 123456789012 1234567891 01234567 010203 1234qwer
1234asdf 1qw23e 1q2w3e4 iloveyou1 iloveyou2 iloveu 1loveyou loveyou lovely loveme lover lovers
ihateyou sunshine1 princess1 football1 baseball1 basketball superman1 batman1 monkey1 dragon1
shadow1 master1 michael1 jordan23 charlie1 jessica1 ashley1 nicole1 daniel1 hannah1 welcome
welcome1 welcome123 welcome2 letmein1 letmein123 whatever whatever1 nothing secret secret1
secret123 mysecret topsecret changeme changeme1 changeme123 default administrator admin admin1
admin123 admin1234 administrador root toor root123 rootroot guest guest123 user user123 test
test123 test1234 testing testing123 tester demo demo123 sample temp temp123 temppass temporary
system system123 server login login123 logmein access14 accessdenied enter enter123 open sesame
opensesame internet computer1 laptop windows windows7 windows10 microsoft google google123
facebook linkedin twitter instagram youtube yahoo hotmail gmail outlook apple apple123 samsung
nokia iphone android blackberry sony toshiba dell lenovo starwars1 startrek pokemon pokemon1
naruto onepiece minecraft fortnite roblox warcraft superstar rockstar popstar allstar superhero
spiderman ironman captain avengers wolverine jesus jesus1 jesuschrist christ blessed blessing
god godisgood faith angel angel1 angels heaven heavenly hallelujah amen trinity genesis mother
father family familia friends friend friendship bestfriend brother sister daughter children
babygirl babyboy baby baby123 sweetheart sweetie honey honey123 sexy sexy123 hottie beautiful
beauty pretty cutie cute flower flowers butterfly rainbow sunflower summer1 spring autumn winter
snowball snowflake chocolate cookie cookies cupcake candy sugar banana orange lemon cherry
strawberry pineapple peaches apples coffee pizza hamburger bacon cheese1 chicken tiger lion
eagle eagles falcon hawk phoenix panther panthers cowboys lakers bulls yankees1 redsox patriots
steelers packers raiders arsenal liverpool chelsea1 barcelona realmadrid juventus manchester
manutd united soccer1 hockey1 golf tennis boxing racing runner running fishing hunting camping
surfing skater music music123 guitar piano drummer singer dancer dance rockyou metallica nirvana
eminem tupac beatles elvis madonna britney justin justinbieber selena matrix1 trinity1 neo
morpheus zion merlin gandalf frodo hobbit legolas wizard magic magician dragons unicorn mermaid
fairy pirate pirates ninja samurai warrior soldier sniper killer1 hunter1 ranger1 viper cobra
python scorpion spider dolphin shark whale turtle monkey12 donkey horse horses pussycat kitten
kitty kittycat puppy doggy doggie snoopy scooby garfield mickey minnie donald goofy pluto bambi
simba nemo shrek elmo qwerty12345 asdfg12345 1a2b3c4d a1b2c3d4 a1b2c3 aa123456 aa12345678
abc123456 abc12345678 zxc123 zxc12345 qaz123 qwe123 qwe12345 asd123 asd12345 zxcasdqwe qwaszx
1qaz1qaz mypassword mypass mypass123 yourpassword newpassword newpass oldpassword nopassword
password! password01 password2 password3 password11 password99 password2020 password2021
password2022 password2023 password2024 password2025 passpass passpass1 pass1234 pass12345
pass123 pass1 passcode passkey passphrase football12 baseball12 soccer12 hockey12 michael12
jordan12 charlie12 andrew12 matthew12 thomas12 january february march april june july august
september october november december monday tuesday wednesday thursday friday saturday sunday
america usa123 canada london paris berlin newyork california texas florida chicago boston
dallas1 houston miami vegas tokyo china india mexico russia brazil france germany italy spain
england ireland scotland australia qwertz qwertz123 azerty azerty123 azertyuiop aqwzsx wxcvbn
ytrewq ytrewq123 poiuytrewq mnbvcxz lkjhgfdsa 0987654321q zzzzzz zzzzzzzz xxxxxx xxxxxxxx
aaaaaaaa asdasd asdasdasd qweqwe qweqweqwe zxczxc 123qweasd 123qweasdzxc qweasd123 1qazzaq1
q1w2e3r4 q1w2e3r4t5 q1w2e3 q1w2e3r4t5y6 z1x2c3v4 a1s2d3f4 1a2s3d4f 1z2x3c4v trustme believe
imagine freedom1 liberty justice peace peace123 harmony serenity destiny victory success money
money123 cash dollar dollars rich million millionaire business company office work work123 job
career manager boss president chairman director student school college university teacher doctor
nurse lawyer engineer qwerty321 123qwe123 1234qwerasdf 12qwaszx qazxswedc 1qazxsw23edc 3edc4rfv
4rfv5tgb 5tgb6yhn 2wsx3edc
`;

const COMMON = new Set(LIST.split(/\s+/).filter((w) => w !== ''));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

export const COMMON_PASSWORD_COUNT = COMMON.size;

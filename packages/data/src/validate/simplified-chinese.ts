/**
 * Traditional characters folded to simplified, for suggesting the unit a name means (唐山鎮 is 唐山镇: a data clerk's
 * walk found no suggestion for it). The characters of Chinese unit and place names (what 乡镇、街道、部门、单位 and
 * companies are called, place names, surnames in them), each paired as OpenCC folds it, and only where the traditional
 * form is no character of simplified text itself (乾, 著, 徵 are, and are left out). Only a hint: a name is never
 * resolved by it.
 */
const PAIRS = [
  "鎮镇區区縣县鄉乡辦办處处莊庄鳳凤橋桥荊荆裡里東东華华興兴陽阳園园環环衛卫務务業业農农財财稅税資资規规劃划國国體体廣广電电",
  "發发開开關关門门長长場场質质監监檢检醫医療疗協协會会機机構构單单號号線线綜综館馆廳厅黨党紀纪組组織织傳传統统戰战歸归員员",
  "書书記记審审計计運运輸输鐵铁郵邮網网訊讯聯联絡络視视聽听報报紙纸圖图檔档藝艺術术學学職职實实驗验兒儿藥药婦妇殘残紅红養养",
  "勞劳動动險险營营銷销貿贸糧粮倉仓儲储漁渔獸兽產产護护態态氣气礦矿測测繪绘權权設设築筑執执應应災灾難难車车輛辆駕驾駛驶碼码",
  "頭头纜缆燈灯熱热廠厂鋼钢鋁铝銅铜錫锡銀银錢钱幣币證证競竞賽赛遊游覽览樂乐聲声據据數数認认標标準准價价調调隊队編编幹干戶户",
  "鄰邻樓楼層层棟栋臺台灣湾嶺岭嶼屿島岛灘滩澗涧溝沟壩坝窪洼濱滨濟济滄沧瀋沈陝陕雲云貴贵寧宁遼辽龍龙蘇苏閩闽贛赣魯鲁粵粤瓊琼",
  "隴陇濰潍萊莱蕪芜灤滦鄖郧鄲郸張张劉刘陳陈楊杨趙赵孫孙馬马吳吴鄭郑黃黄馮冯蔣蒋韓韩譚谭盧卢蕭萧葉叶鄧邓鍾钟鐘钟賈贾閻阎顧顾",
  "嚴严龔龚蘭兰齊齐謝谢許许呂吕羅罗賀贺鄒邹歐欧陸陆喬乔湯汤塗涂邊边壽寿慶庆豐丰連连滿满順顺勝胜榮荣寶宝義义禮礼愛爱溫温鶴鹤",
  "雞鸡鴨鸭鵝鹅魚鱼龜龟蓮莲蘆芦葦苇蘋苹棗枣麥麦穀谷麵面漢汉滬沪潤润澤泽淺浅湧涌瀏浏漣涟濤涛瀾澜灃沣濼泺潁颍陰阴嶽岳峽峡巒峦",
  "崗岗堯尧閣阁廟庙觀观鋪铺驛驿圍围閘闸綠绿藍蓝錦锦繡绣絲丝綢绸紡纺儀仪錶表針针裝装飾饰窯窑磚砖簡简眾众總总團团師师訴诉訟讼",
  "軍军獄狱項项專专經经創创擔担貸贷債债備备誌志譯译雜杂劇剧診诊預预習习託托殯殡轉转樑梁遞递節节約约種种蠶蚕煙烟鹽盐輕轻軟软",
  "際际對对僑侨誼谊個个賢贤議议選选舉举屬属確确訪访來来與与為为時时間间現现當当進进過过還还從从點点問问題题見见無无歷历兩两",
  "萬万億亿鹵卤濕湿漿浆綫线衆众羣群沖冲滙汇匯汇灑洒瀘泸瀝沥涇泾淶涞溼湿灕漓閬阆閔闵闕阙闊阔闡阐隨随隱隐隸隶雋隽雙双離离靈灵",
  "靜静韋韦韻韵頁页頂顶須须頌颂頓顿領领頡颉頤颐顏颜額额顯显颱台風风飛飞餘余饒饶馴驯駐驻鬱郁鮑鲍鴻鸿鵬鹏鶯莺麗丽齡龄齒齿龐庞",
  "彎弯後后臨临爾尔烏乌鹹咸遷迁撫抚揚扬紹绍廈厦膠胶嶗崂棲栖蒼苍費费肅肃鄆郓鉅巨兗兖嶧峄薊蓟詢询諮咨籌筹範范維维給给汙污責责",
  "証证塢坞壟垄舖铺霑沾",
].join("");

const SIMPLIFIED = new Map<string, string>();
for (let i = 0; i < PAIRS.length; i += 2) SIMPLIFIED.set(PAIRS[i] as string, PAIRS[i + 1] as string);

/** `text` with the traditional characters of `PAIRS` written simplified (唐山鎮辦事處: 唐山镇办事处). */
export function simplifiedChinese(text: string): string {
  let out = "";
  for (const ch of text) out += SIMPLIFIED.get(ch) ?? ch;
  return out;
}

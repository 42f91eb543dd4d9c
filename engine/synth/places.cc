#include "engine/synth/places.h"

namespace safetynet::synth {
namespace {

constexpr std::string_view kHuancui[] = {"孙家疃街道", "张村镇",   "桥头镇", "温泉镇",
                                         "环翠楼街道", "竹岛街道", "羊亭镇", "鲸园街道"};
constexpr std::string_view kWendeng[] = {"侯家镇",   "大水泊镇", "天福街道", "宋村镇", "小观镇",
                                         "张家产镇", "文登营镇", "泽头镇",   "泽库镇", "环山街道",
                                         "界石镇",   "米山镇",   "葛家镇",   "高村镇", "龙山街道"};
constexpr std::string_view kRongcheng[] = {
    "上庄镇",   "东山街道", "人和镇",   "俚岛镇",   "城西街道", "埠柳镇", "夏庄镇",
    "大疃镇",   "宁津街道", "寻山街道", "崂山街道", "崖头街道", "崖西镇", "成山镇",
    "斥山街道", "桃园街道", "港西镇",   "滕家镇",   "王连街道", "荫子镇", "虎山镇"};
constexpr std::string_view kRushan[] = {"下初镇", "乳山口镇", "乳山寨镇", "冯家镇",   "午极镇",
                                        "南黄镇", "城区街道", "夏村镇",   "大孤山镇", "崖子镇",
                                        "徐家镇", "海阳所镇", "白沙滩镇", "育黎镇"};
constexpr std::string_view kHighTech[] = {"初村镇", "怡园街道", "田和街道"};
constexpr std::string_view kEconomic[] = {"崮山镇", "泊于镇", "皇冠街道"};
constexpr std::string_view kLingang[] = {"汪疃镇", "苘山镇"};

constexpr District kDistricts[] = {
    {371002, kHuancui, 75, 26}, {371003, kWendeng, 45, 22}, {371082, kRongcheng, 45, 24},
    {371083, kRushan, 35, 18},  {371071, kHighTech, 70, 4}, {371072, kEconomic, 60, 4},
    {371073, kLingang, 30, 2},
};

constexpr std::string_view kSurnames[] = {
    "王", "孙", "任", "丛", "林", "张", "毕", "周", "杨", "方", "陈", "邹", "贺", "谭", "石",
    "田", "潘", "毛", "宋", "孟", "刘", "顾", "钱", "钟", "贾", "蔡", "蒋", "尹", "邵", "邓",
    "于", "初", "鞠", "隋", "曲", "李", "赵", "吴", "徐", "郭", "姜", "乔", "谷", "汤", "姚"};
constexpr std::string_view kGiven[] = {"海", "秋", "春", "兰", "华", "明", "静", "丽", "强", "军",
                                       "伟", "芳", "敏", "霞", "玉", "建", "国", "英", "平", "红",
                                       "福", "山", "学", "淑", "凤", "梅", "勇", "杰", "涛", "娟",
                                       "云", "鑫", "颖", "琳", "健", "飞", "庆", "波", "荣", "珍"};
constexpr std::string_view kCommunities[] = {"东城社区", "西城社区",   "南山社区", "光明社区",
                                             "新华社区", "鲸园社区",   "花园社区", "和平社区",
                                             "文化社区", "统一路社区", "锦华社区", "金线顶社区"};
constexpr std::string_view kVillagePrefix[] = {"前", "后", "东", "西", "南", "北", "小", "大", ""};
constexpr std::string_view kVillageSuffix[] = {"家河村", "家庄村", "家疃村", "家泊村", "家夼村",
                                               "家口村", "家洼村", "家屯村", "家岭村", "家寨村"};

}  // namespace

std::span<const District> WeihaiDistricts() { return kDistricts; }

const District& PickDistrict(Rng& rng) {
  int total = 0;
  for (const District& d : kDistricts) total += d.weight;
  int64_t draw = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(total)));
  for (const District& d : kDistricts) {
    if ((draw -= d.weight) < 0) return d;
  }
  return kDistricts[0];
}

std::string VillageName(std::string_view town, Rng& rng) {
  if (town.ends_with("街道")) return std::string(rng.Pick(kCommunities));
  std::string name(rng.Pick(kVillagePrefix));
  name += rng.Pick(kSurnames);
  name += rng.Pick(kVillageSuffix);
  return name;
}

std::string PersonName(Rng& rng) {
  std::string name(rng.Pick(kSurnames));
  name += rng.Pick(kGiven);
  if (rng.Percent(60)) name += rng.Pick(kGiven);
  return name;
}

}  // namespace safetynet::synth

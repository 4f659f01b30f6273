/** Signals that a page is commercial: advertising, a shop, a paywall (from its lines and links). */

const ADS = /广告|推广|赞助|advertisement|sponsored|\bads?\b/i;
const SHOP = /购买|商城|购物车|立即抢购|下单|buy now|add to cart|\bshop\b|\bstore\b/i;
const SHOP_HOSTS = /(^|\.)(taobao|tmall|jd|pinduoduo|amazon|ebay|shopify)\.[a-z.]+$/i;
const PAYWALL = /付费阅读|会员专享|开通会员|订阅后|subscribe to (continue|read)|subscribers only|paywall/i;

export interface CommercialSignals {
  ads: boolean;
  shop: boolean;
  paywall: boolean;
}

export function commercialSignals(lines: string[], links: string[]): CommercialSignals {
  const short = lines.filter((l) => l.length <= 120);
  const hosts = links.map((href) => {
    try {
      return new URL(href).hostname;
    } catch {
      return '';
    }
  });
  return {
    ads: short.some((l) => ADS.test(l)),
    shop: short.some((l) => SHOP.test(l)) || hosts.some((h) => SHOP_HOSTS.test(h)),
    paywall: short.some((l) => PAYWALL.test(l)),
  };
}

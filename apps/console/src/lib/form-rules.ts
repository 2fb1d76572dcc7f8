/** Form rules the console's forms share (antd Form.Item `rules`). */

/**
 * At least `n` characters besides the spaces around them; an empty field is the `required` rule's to tell, so that an
 * empty or blank field gets one message, not two (请填写书面说明 and 至少写 10 个字 together, found by a helper).
 */
export function atLeastCharacters(n: number, message: string) {
  return {
    validator: (_: unknown, v: string | undefined) => {
      const text = (v ?? "").trim();
      return text === "" || [...text].length >= n ? Promise.resolve() : Promise.reject(new Error(message));
    },
  };
}

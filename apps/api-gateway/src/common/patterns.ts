/** AWS account ids are exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** AWS Region names such as `us-east-1` or `ap-southeast-2`; the same rule that DRS_TARGETS uses. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** DRS source server ids: `s-` and 17 letters or digits. */
export const SOURCE_SERVER_ID_PATTERN = /^s-[0-9a-zA-Z]{17}$/;

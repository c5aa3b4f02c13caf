// The zmp-sdk functions zalo.ts calls, and only those: zalo.ts loads this module with a dynamic import, and a
// namespace held in a variable would keep all of zmp-sdk (about 240 KB instead of 110 KB), while named re-exports
// let the bundler drop the rest as a static import did.
export {
  downloadFile,
  followOA,
  getAccessToken,
  getLocation,
  getPhoneNumber,
  getUserInfo,
  openDocument,
  openMediaPicker,
  openPhone,
  openWebview,
  requestSendNotification,
  scanQRCode,
} from "zmp-sdk/apis";

export {postMessage, type PostResult} from './post.js';
export {sendMessage, type SendMessageOptions, type SendMessageResult} from './send.js';
export {deliverMessages, holdReason, type DeliveryRound} from './deliver.js';
export {waitForMessage, type MessageWait} from './wait.js';
export {MessageCourier} from './courier.js';
export {deliveryText, labelOf, inputDraft} from './text.js';
export {getMessage, listMessages, markRead, type Message, type MessageState} from '../store/mailbox.js';

/** `tt init`: template packs (reference §11.6) and repository detection. */
export {builtinTemplateTexts, demoTemplate, gstackStartupTemplate, minimalTemplate, rustCliTemplate} from './builtin-templates.js';
export {detectTemplate, fallbackTemplate, scoreTemplate, type TemplateCandidate, type TemplateDetection} from './detect.js';
export {listTemplates, loadTemplate, parseTemplate, renderTemplate, templateSeparator, templateTag, type Template, type TemplateRole} from './templates.js';

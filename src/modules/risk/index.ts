export { assessPlacementRisk, type PlacementRisk } from './assess-placement.js';

import { createSensor } from "../../sensors/create-sensor";
import { flagSensorRange, flagSensorsRange } from "../../sensor-corrections/flag-sensor-range";
import { unflagSensorsRange } from "../../sensor-corrections/unflag-sensors-range";
import { getSensor } from "../../sensors/get-sensor";
import { getSensorReadings } from "../../sensors/get-sensor-readings";
import { listSensors } from "../../sensors/list-sensors";
import { removeSensorFlag } from "../../sensor-corrections/remove-sensor-flag";
import {
  createSensorInput,
  flagSensorRangeInput,
  listSensorsInput,
  removeSensorFlagInput,
  sensorKeyInput,
  sensorReadingsInput,
  sensorsRangeInput,
  setSensorCalibrationInput,
  updateSensorInput,
} from "../../sensors/schemas";
import { setSensorCalibration } from "../../sensor-corrections/set-sensor-calibration";
import { updateSensor } from "../../sensors/update-sensor";
import { operatorProcedure, router, staffProcedure, viewerProcedure } from "../trpc";

export const sensorsRouter = router({
  list: viewerProcedure.input(listSensorsInput).query(({ ctx, input }) => listSensors(ctx.db, input)),
  get: viewerProcedure.input(sensorKeyInput).query(({ ctx, input }) => getSensor(ctx.db, input)),
  readings: viewerProcedure.input(sensorReadingsInput).query(({ ctx, input }) => getSensorReadings(ctx.db, input)),
  create: operatorProcedure.input(createSensorInput).mutation(({ ctx, input }) => createSensor(ctx.db, input)),
  update: operatorProcedure.input(updateSensorInput).mutation(({ ctx, input }) => updateSensor(ctx.db, input)),
  setCalibration: staffProcedure.input(setSensorCalibrationInput).mutation(({ ctx, input }) => setSensorCalibration(ctx.db, { ...input, by: ctx.user.email })),
  flagRange: staffProcedure.input(flagSensorRangeInput).mutation(({ ctx, input }) => flagSensorRange(ctx.db, { ...input, by: ctx.user.email })),
  flagPoints: staffProcedure.input(sensorsRangeInput).mutation(({ ctx, input }) => flagSensorsRange(ctx.db, { ...input, by: ctx.user.email })),
  unflagPoints: staffProcedure.input(sensorsRangeInput).mutation(({ ctx, input }) => unflagSensorsRange(ctx.db, { ...input, by: ctx.user.email })),
  removeFlag: staffProcedure.input(removeSensorFlagInput).mutation(({ ctx, input }) => removeSensorFlag(ctx.db, { ...input, by: ctx.user.email })),
});

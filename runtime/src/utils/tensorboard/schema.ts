// TensorBoard's event-file messages, written from the fields TensorBoard documents
// (tensorboard/compat/proto/{event,summary,histogram,tensor,tensor_shape,types}.proto and
// plugins/{text,hparams}): only the messages and fields a SummaryWriter writes. protobufjs builds
// the codecs from this text at first use; no generated code.
import type * as Protobuf from 'protobufjs';

/** Package `tensorboard`: the event record, its summary values and their payloads. */
export const EVENT_PROTO = `syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    bytes graph_def = 4;
    Summary summary = 5;
    SessionLog session_log = 7;
  }
}

message SessionLog {
  enum SessionStatus { STATUS_UNSPECIFIED = 0; START = 1; STOP = 2; CHECKPOINT = 3; }
  SessionStatus status = 1;
  string checkpoint_path = 2;
  string msg = 3;
}

message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      bytes obsolete_old_style_histogram = 3;
      HistogramProto histo = 5;
      TensorProto tensor = 8;
    }
  }
  repeated Value value = 1;
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
}

message HistogramProto {
  double min = 1;
  double max = 2;
  double num = 3;
  double sum = 4;
  double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}

enum DataType {
  DT_INVALID = 0;
  DT_FLOAT = 1;
  DT_DOUBLE = 2;
  DT_INT32 = 3;
  DT_STRING = 7;
  DT_INT64 = 9;
  DT_BOOL = 10;
}

message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  DataType dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated bytes string_val = 8;
  repeated int64 int64_val = 10 [packed = true];
  repeated bool bool_val = 11 [packed = true];
}

message TextPluginData {
  int32 version = 1;
}
`;

/** Package `tensorboard.hparams`: what the HParams plugin reads from a summary's plugin content. */
export const HPARAMS_PROTO = `syntax = "proto3";
package tensorboard.hparams;
import "google/protobuf/struct.proto";

enum DataType {
  DATA_TYPE_UNSET = 0;
  DATA_TYPE_STRING = 1;
  DATA_TYPE_BOOL = 2;
  DATA_TYPE_FLOAT64 = 3;
}

enum Status {
  STATUS_UNKNOWN = 0;
  STATUS_SUCCESS = 1;
  STATUS_FAILURE = 2;
  STATUS_RUNNING = 3;
}

message Interval {
  double min_value = 1;
  double max_value = 2;
}

message HParamInfo {
  string name = 1;
  string display_name = 2;
  string description = 3;
  DataType type = 4;
  oneof domain {
    google.protobuf.ListValue domain_discrete = 5;
    Interval domain_interval = 6;
  }
}

message MetricName {
  string group = 1;
  string tag = 2;
}

message MetricInfo {
  MetricName name = 1;
  string display_name = 3;
  string description = 4;
  DatasetType dataset_type = 5;
}

enum DatasetType {
  DATASET_UNKNOWN = 0;
  DATASET_TRAINING = 1;
  DATASET_VALIDATION = 2;
}

message Experiment {
  string name = 6;
  string description = 1;
  string user = 2;
  double time_created_secs = 3;
  repeated HParamInfo hparam_infos = 4;
  repeated MetricInfo metric_infos = 5;
}

message SessionStartInfo {
  map<string, google.protobuf.Value> hparams = 1;
  string model_uri = 2;
  string monitor_url = 3;
  string group_name = 4;
  double start_time_secs = 5;
}

message SessionEndInfo {
  Status status = 1;
  double end_time_secs = 2;
}

message HParamsPluginData {
  int32 version = 1;
  oneof data {
    Experiment experiment = 2;
    SessionStartInfo session_start_info = 3;
    SessionEndInfo session_end_info = 4;
  }
}
`;

export interface Codecs {
  Event: Protobuf.Type;
  Summary: Protobuf.Type;
  TextPluginData: Protobuf.Type;
  HParamsPluginData: Protobuf.Type;
}

let codecs: Codecs | null = null;

/** The message types, built once. */
export function messages(): Codecs {
  if (codecs) return codecs;
  // Required here, not at import: loading protobufjs takes ~60 ms that a session without a
  // SummaryWriter should not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const protobuf: typeof Protobuf = require('protobufjs');
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/struct.proto')!.nested!);
  for (const text of [EVENT_PROTO, HPARAMS_PROTO]) protobuf.parse(text, root, { keepCase: true });
  root.resolveAll();
  codecs = {
    Event: root.lookupType('tensorboard.Event'),
    Summary: root.lookupType('tensorboard.Summary'),
    TextPluginData: root.lookupType('tensorboard.TextPluginData'),
    HParamsPluginData: root.lookupType('tensorboard.hparams.HParamsPluginData'),
  };
  return codecs;
}

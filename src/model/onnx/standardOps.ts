/**
 * The operators of the default ONNX domain (ai.onnx), as listed by the ONNX 1.23 operator
 * documentation, plus the few deprecated ones older exporters still write. An op outside
 * this list and outside a domain onnxruntime implements (com.microsoft, ai.onnx.ml) is a
 * custom op the studio cannot run: loading stops with its name instead of failing later.
 */
const STANDARD = new Set(`
  Abs Acos Acosh Add AffineGrid And ArgMax ArgMin Asin Asinh Atan Atanh Attention AveragePool
  BatchNormalization Bernoulli BitCast BitShift BitwiseAnd BitwiseNot BitwiseOr BitwiseXor
  BlackmanWindow Cast CastLike CausalConvWithState Ceil Celu CenterCropPad Clip Compress Concat
  ConcatFromSequence Constant ConstantOfShape Conv ConvInteger ConvTranspose Cos Cosh CumProd
  CumSum DFT DeformConv DepthToSpace DequantizeLinear Det Div Dropout DynamicQuantizeLinear
  Einsum Elu Equal Erf Exp Expand EyeLike Flatten Floor GRU Gather GatherElements GatherND Gelu
  Gemm GlobalAveragePool GlobalLpPool GlobalMaxPool Greater GreaterOrEqual GridSample
  GroupNormalization HammingWindow HannWindow HardSigmoid HardSwish Hardmax Identity If
  ImageDecoder InstanceNormalization IsInf IsNaN LRN LSTM LayerNormalization LeakyRelu Less
  LessOrEqual LinearAttention Log LogSoftmax Loop LpNormalization LpPool MatMul MatMulInteger
  Max MaxPool MaxRoiPool MaxUnpool Mean MeanVarianceNormalization MelWeightMatrix Min Mish Mod
  Mul Multinomial Neg NegativeLogLikelihoodLoss NonMaxSuppression NonZero Not OneHot Optional
  OptionalGetElement OptionalHasElement Or PRelu Pad Pow QLinearConv QLinearMatMul
  QuantizeLinear RMSNormalization RNN RandomNormal RandomNormalLike RandomUniform
  RandomUniformLike Range Reciprocal ReduceLogSum ReduceLogSumExp ReduceMax ReduceMean ReduceMin
  ReduceProd ReduceSum ReduceSumSquare RegexFullMatch Relu Reshape Resize ReverseSequence
  RoiAlign RotaryEmbedding Round STFT Scan Scatter ScatterElements ScatterND Selu SequenceAt
  SequenceConstruct SequenceEmpty SequenceErase SequenceInsert SequenceLength SequenceMap Shape
  Shrink Sigmoid Sign Sin Sinh Size Slice Softmax SoftmaxCrossEntropyLoss Softplus Softsign
  SpaceToDepth Split SplitToSequence Sqrt Squeeze StringConcat StringNormalizer StringSplit Sub
  Sum SwiGLU Swish Tan Tanh TensorScatter TfIdfVectorizer ThresholdedRelu Tile TopK Transpose
  Trilu Unique Unsqueeze Upsample Where Xor
  ImageScaler Crop
`.split(/\s+/).filter(Boolean));

/** Domains whose ops onnxruntime itself implements (it reports any it lacks on session start). */
const RUNTIME_DOMAINS = new Set(['com.microsoft', 'com.microsoft.nchwc', 'ai.onnx.ml', 'ai.onnx.preview.training']);

export function isStandardOp(op: string, domain: string | undefined): boolean {
  if (!domain || domain === 'ai.onnx') return STANDARD.has(op);
  return RUNTIME_DOMAINS.has(domain);
}
